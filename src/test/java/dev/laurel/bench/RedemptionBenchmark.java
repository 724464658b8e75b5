package dev.laurel.bench;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.Posting;
import dev.laurel.platform.Sweep;
import dev.laurel.redemption.Redemptions;
import dev.laurel.redemption.internal.StockStore;
import dev.laurel.support.Api;
import dev.laurel.support.Catalogue;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Redemption throughput on one popular reward, and a cash-out run over 100,000 members, each beside the PostgreSQL
 * floor for the same rows measured in the same run. Prints the figures and writes them to
 * target/benchmarks/redemption.txt. Run (see docs/benchmarks.md):
 *
 * <pre>./mvnw test -Dtest=RedemptionBenchmark -DexcludedTestGroups=none -Dlaurel.test.durable=true</pre>
 *
 * It asserts nothing about time; it fails only if the ledger or the rewards disagree with themselves afterwards.
 */
@Tag("benchmark")
class RedemptionBenchmark extends IntegrationTest {

    static final int CLIENTS = Integer.getInteger("bench.clients", 32);
    static final int STOCK = 10_000;
    static final int CASH_OUT_MEMBERS = Integer.getInteger("bench.cashOutMembers", 100_000);
    static final int BATCH_ROWS = 500;
    static final DefinitionPolicy POLICY = new DefinitionPolicy(1, 4, false, ZoneId.of("America/New_York"));

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Ledger ledger;

    @Autowired
    Redemptions redemptions;

    @Autowired
    StockStore stock;

    @Autowired
    List<Sweep> sweeps;

    /** 10,000 members with 200 points each; one reward of stock 10,000 redeemed over HTTP, one in process, by 32 clients. */
    @Test
    void redemptions_of_one_popular_reward() throws Exception {
        clock.set(Instant.parse("2030-02-01T15:00:00Z"), true);
        TestProgram program = Catalogue.program(programs, """
                rewards:
                  - { id: popular, name: Popular, cost: 100, pointDefinition: 1, kind: VOUCHER, item: Coffee, stock: %d }
                  - { id: popular-in-process, name: Popular too, cost: 100, pointDefinition: 1, kind: VOUCHER, item: Tea, stock: %d }
                """.formatted(STOCK, STOCK));
        List<UUID> members = seedMembers(program.id(), STOCK, 200);
        Api api = as(program);

        List<String> lines = new ArrayList<>();
        lines.add("clients=" + CLIENTS + " durable=" + Boolean.getBoolean("laurel.test.durable") + " java=" + System.getProperty("java.version")
                + " processors=" + Runtime.getRuntime().availableProcessors());
        // The floor: the very statement that takes a unit, alone, on a reward row of its own (outside the program checked below).
        String baselineProgram = "bench-baseline-" + UUID.randomUUID();
        lines.add(run("PostgreSQL: the conditional stock UPDATE alone (autocommit)", STOCK, i -> {
            if (!stock.take(baselineProgram, "popular", (long) STOCK)) {
                throw new IllegalStateException("baseline out of stock at " + i);
            }
        }));
        lines.add(run("redemptions over HTTP (POST /v1/members/{id}/redemptions)", STOCK, i -> {
            var r = api.post("/v1/members/" + members.get(i) + "/redemptions", "{\"rewardId\": \"popular\"}");
            if (r.status() != 201) {
                throw new IllegalStateException("redemption " + i + " failed: " + r);
            }
        }));
        lines.add(run("redemptions in process (Redemptions.redeem)", STOCK,
                i -> redemptions.redeem(program.id(), members.get(i), "popular-in-process")));
        var verify = api.get("/v1/admin/ledger/verify").json();
        lines.add("verify: " + verify.get("mismatches").asLong() + " mismatches over " + verify.get("accountsChecked").asLong() + " accounts");
        report(lines);
        if (verify.get("mismatches").asLong() != 0 || api.get("/v1/rewards/popular").json().get("remaining").asLong() != 0) {
            throw new IllegalStateException("the ledger or the stock disagrees after the benchmark: " + verify);
        }
    }

    /** 100,000 members with 2,000 to 6,000 points, cashed out at a quarter's end; the floor: the same batches on a plain table. */
    @Test
    void a_cash_out_run_over_a_hundred_thousand_members() throws Exception {
        clock.set(Instant.parse("2030-02-01T15:00:00Z"), true);
        TestProgram program = Catalogue.program(programs, Catalogue.CASH_OUT);
        seedMembers(program.id(), CASH_OUT_MEMBERS, -1);
        List<String> lines = new ArrayList<>();
        lines.add("members=" + CASH_OUT_MEMBERS + " durable=" + Boolean.getBoolean("laurel.test.durable") + " java="
                + System.getProperty("java.version") + " processors=" + Runtime.getRuntime().availableProcessors());
        lines.add(baselineCashOut());

        clock.set(Instant.parse("2030-04-01T05:00:00Z"), true);
        Sweep cashOut = sweeps.stream().filter(s -> s.name().equals("cash-out")).findFirst().orElseThrow();
        long start = System.nanoTime();
        long converted = 0;
        int sweepsRun = 0;
        Api api = as(program);
        while (true) {
            converted += cashOut.run(Optional.of(program.id())).processed();
            sweepsRun++;
            if ("DONE".equals(api.get("/v1/cash-outs/2030-03-31").json().path("status").asString(""))) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        lines.add(String.format("Laurel: cash-out run, %d members converted in %.1f s = %.0f members/s (%d sweep runs of up to 40 batches of %d)",
                converted, seconds, converted / seconds, sweepsRun, BATCH_ROWS));
        var verify = api.get("/v1/admin/ledger/verify").json();
        lines.add("verify: " + verify.get("mismatches").asLong() + " mismatches over " + verify.get("accountsChecked").asLong() + " accounts");
        report(lines);
        if (verify.get("mismatches").asLong() != 0 || converted != CASH_OUT_MEMBERS) {
            throw new IllegalStateException("the cash-out disagrees after the benchmark: " + converted + " converted, " + verify);
        }
    }

    /**
     * The PostgreSQL floor of a cash-out: the same number of rows, in the same batches of 500 by member id, each batch
     * one transaction of one UPDATE taking the whole steps off a balance, on a plain table of its own.
     */
    private String baselineCashOut() {
        String table = "bench_cash_out_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("create table " + table + " (member_id uuid primary key, balance bigint not null)").update();
        try {
            jdbc.sql("insert into " + table + " select gen_random_uuid(), 2000 + (g % 5) * 1000 from generate_series(1, :n) g")
                    .param("n", CASH_OUT_MEMBERS).update();
            jdbc.sql("analyze " + table).update();
            long start = System.nanoTime();
            UUID cursor = null;
            long rows = 0;
            while (true) {
                // The batch in PostgreSQL's uuid order (not Java's, which compares signed halves), its last one the cursor.
                List<UUID> batch = jdbc.sql("with b as (select member_id from " + table
                                + " where (:after::uuid is null or member_id > :after) order by member_id limit :limit),"
                                + " u as (update " + table + " t set balance = t.balance % 2000 from b where t.member_id = b.member_id)"
                                + " select member_id from b order by member_id")
                        .param("after", cursor).param("limit", BATCH_ROWS).query(UUID.class).list();
                if (batch.isEmpty()) {
                    break;
                }
                rows += batch.size();
                cursor = batch.get(batch.size() - 1);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return String.format("PostgreSQL: %d rows in batches of %d (one UPDATE, one commit each) in %.1f s = %.0f rows/s",
                    rows, BATCH_ROWS, seconds, rows / seconds);
        } finally {
            jdbc.sql("drop table " + table).update();
        }
    }

    /**
     * Inserts {@code count} opted-in members (as TimelineBenchmark does) and awards each {@code points} through the
     * ledger (negative: 2,000 to 6,000 in steps of 1,000), 1,000 postings per transaction.
     */
    private List<UUID> seedMembers(String programId, int count, long points) {
        jdbc.sql("""
                insert into members (program_id, id, opted_in, created_at, updated_at)
                select :p, gen_random_uuid(), true, now(), now() from generate_series(1, :n)
                """).param("p", programId).param("n", count).update();
        List<UUID> members = jdbc.sql("select id from members where program_id = :p order by id").param("p", programId)
                .query(UUID.class).list();
        List<Posting> awards = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            awards.add(Posting.of(members.get(i), POLICY, points > 0 ? points : 2000 + i % 5 * 1000, "Manual", "benchmark"));
            if (awards.size() == Ledger.POSTINGS_MAX || i == members.size() - 1) {
                ledger.postMany(programId, awards);
                awards.clear();
            }
        }
        return members;
    }

    private static void report(List<String> lines) throws Exception {
        lines.forEach(System.out::println);
        Path out = Path.of("target", "benchmarks", "redemption.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String run(String name, int operations, IntConsumer operation) throws Exception {
        return ClosedLoad.run(name, 62, CLIENTS, operations, operation);
    }
}
