package dev.laurel.bench;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.Posting;
import dev.laurel.platform.Sweep;
import dev.laurel.support.Api;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger's batch paths beside PostgreSQL doing the same rows, back to back in one run (issue 14):
 * <ul>
 *   <li>Engage transaction sync ({@code POST /api/v2/point-accounts/transactions}), 100 batches of 1,000 items over
 *   10,000 members, by 1 and by 4 clients, against one {@code COPY} of 100,000 entry-shaped rows into a table shaped
 *   (and indexed) like {@code ledger_entries};</li>
 *   <li>the activation sweep over 100,000 pending lots on 10,000 accounts, against one {@code UPDATE} of 100,000 rows
 *   of a table shaped like {@code lots}.</li>
 * </ul>
 * Prints the figures (and, with {@code -Dlaurel.test.statements=true}, the statements PostgreSQL ran per batch, from
 * pg_stat_statements) and appends them to target/benchmarks/ledger-batches.txt. Run (see docs/benchmarks.md):
 *
 * <pre>./mvnw test -Dtest=LedgerBatchBenchmark -DexcludedTestGroups=none -Dlaurel.test.durable=true -Dlaurel.test.statements=true</pre>
 *
 * It asserts nothing about time; it fails if the ledger disagrees with itself afterwards.
 */
@Tag("benchmark")
class LedgerBatchBenchmark extends IntegrationTest {

    static final int MEMBERS = 10_000;
    static final int BATCHES = Integer.getInteger("bench.batches", 100);
    /** The numbers of concurrent clients the sync is run with, one run each ({@code -Dbench.clients=1} for one alone). */
    static final int[] CLIENTS = Arrays.stream(System.getProperty("bench.clients", "1,4").split(","))
            .mapToInt(c -> Integer.parseInt(c.strip())).toArray();
    static final int ITEMS = 1_000;
    static final int LOTS_PER_MEMBER = 10;
    static final Instant START = Instant.parse("2031-03-01T10:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Ledger ledger;

    @Autowired
    List<Sweep> sweeps;

    @Test
    void transaction_sync_ingest() throws Exception {
        clock.set(START, true);
        TestProgram program = newProgram(TestProgram.POINT_FOLLOWER);
        List<UUID> members = seedMembers(program.id());
        List<String> lines = new ArrayList<>();
        lines.add(header());
        lines.add(baselineCopy(BATCHES * ITEMS));
        Api api = as(program);
        List<String> bodies = new ArrayList<>();
        Random random = new Random(14);
        for (int b = 0; b < BATCHES; b++) {
            bodies.add(syncBody(members, random));
        }
        for (int i = 0; i < 2; i++) {
            sync(api, bodies.get(i));
        }
        boolean counting = countingStatements();
        for (int clients : CLIENTS) {
            long before = counting ? statements() : 0;
            long start = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int b = next.getAndIncrement(); b < BATCHES; b = next.getAndIncrement()) {
                        sync(api, bodies.get(b));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            String counted = counting ? String.format("; %.0f statements per batch", (statements() - before) / (double) BATCHES) : "";
            lines.add(String.format("Laurel: sync, %d clients, %d batches of %d items applied in %.2f s = %.0f items/s%s",
                    clients, BATCHES, ITEMS, seconds, BATCHES * ITEMS / seconds, counted));
        }
        lines.add(verify(api));
        lines.addAll(slowest(counting));
        report(lines);
    }

    /**
     * Partner awards one at a time, to random members: not a figure against PostgreSQL (compare.sh has that, at 32
     * connections) but where an award's database time goes, statement by statement, planning included.
     */
    @Test
    void partner_awards_one_at_a_time() throws Exception {
        clock.set(START, true);
        TestProgram program = newProgram();
        List<UUID> members = seedMembers(program.id());
        Api partner = api().key(program.partnerKey());
        Random random = new Random(14);
        int awards = BATCHES * 20;
        for (int i = 0; i < 500; i++) {
            award(partner, members.get(random.nextInt(members.size())));
        }
        boolean counting = countingStatements();
        long before = counting ? statements() : 0;
        long start = System.nanoTime();
        for (int i = 0; i < awards; i++) {
            award(partner, members.get(random.nextInt(members.size())));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> lines = new ArrayList<>();
        lines.add(header());
        lines.add(String.format("Laurel: %d partner awards, one at a time, in %.2f s = %.0f req/s, %.2f ms each%s", awards, seconds,
                awards / seconds, seconds * 1000 / awards,
                counting ? String.format("; %.1f statements each", (statements() - before) / (double) awards) : ""));
        lines.add(verify(as(program)));
        lines.addAll(slowest(counting));
        report(lines);
    }

    private static void award(Api partner, UUID member) {
        Api.Response r = partner.post("/loyalty/user/" + member + "/points", "{\"partner\": \"Partner\", \"points\": 10, \"reference\": \"bench\"}");
        if (r.status() != 200) {
            throw new IllegalStateException("award refused: " + r);
        }
    }

    @Test
    void activation_sweep() throws Exception {
        clock.set(START, true);
        TestProgram program = newProgram();
        List<UUID> members = seedMembers(program.id());
        DefinitionPolicy policy = new DefinitionPolicy(1, 4, false, ZoneId.of("America/New_York"));
        List<Posting> postings = new ArrayList<>();
        for (int i = 0; i < MEMBERS * LOTS_PER_MEMBER; i++) {
            Instant validFrom = START.plus(Duration.ofDays(10)).plusSeconds(i % 3600);
            postings.add(Posting.of(members.get(i % MEMBERS), policy, 10 + i % 7, "Purchase", "bench")
                    .validBetween(validFrom, null));
            if (postings.size() == Ledger.POSTINGS_MAX) {
                ledger.postMany(program.id(), postings);
                postings.clear();
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(header());
        lines.add(baselineUpdate(MEMBERS * LOTS_PER_MEMBER));
        clock.set(START.plus(Duration.ofDays(11)), true);
        Sweep sweep = sweeps.stream().filter(s -> s.name().equals("points-activation-and-expiry")).findFirst().orElseThrow();
        boolean counting = countingStatements();
        long before = counting ? statements() : 0;
        long start = System.nanoTime();
        long activated = 0;
        int runs = 0;
        for (long done = -1; done != 0; runs++) {
            done = sweep.run(Optional.of(program.id())).processed();
            activated += done;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String counted = counting ? String.format("; %d statements", statements() - before) : "";
        lines.add(String.format("Laurel: activation sweep, %d lots on %d accounts in %.2f s = %.0f lots/s (%d sweep runs)%s",
                activated, MEMBERS, seconds, activated / seconds, runs, counted));
        lines.add(verify(as(program)));
        lines.addAll(slowest(counting));
        report(lines);
        if (activated != (long) MEMBERS * LOTS_PER_MEMBER) {
            throw new IllegalStateException("the sweep activated " + activated + " lots");
        }
    }

    private static void sync(Api api, String body) {
        Api.Response r = api.post("/api/v2/point-accounts/transactions", body);
        if (r.status() != 202) {
            throw new IllegalStateException("sync refused: " + r);
        }
    }

    /** 1,000 items on random members: 80 % purchases active now, 10 % pending for 30 days, 10 % returns. */
    private static String syncBody(List<UUID> members, Random random) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < ITEMS; i++) {
            int kind = random.nextInt(10);
            long amount = kind == 9 ? -(1 + random.nextInt(50)) : 1 + random.nextInt(500);
            String validFrom = kind == 8 ? START.plus(Duration.ofDays(30)).toString() : START.minusSeconds(60).toString();
            body.append(i == 0 ? "" : ",").append("{\"contactId\":\"").append(members.get(random.nextInt(members.size())))
                    .append("\",\"amount\":").append(amount).append(",\"definitionId\":1,\"timeStamp\":\"")
                    .append(START.minusSeconds(120)).append("\",\"source\":\"").append(amount > 0 ? "Purchase" : "Return")
                    .append("\",\"description\":\"Order ").append(random.nextInt(1_000_000)).append("\",\"validFrom\":\"")
                    .append(validFrom).append("\",\"validTo\":\"").append(START.plus(Duration.ofDays(400))).append("\"}");
        }
        return body.append("]").toString();
    }

    /** PostgreSQL's floor: one COPY of {@code rows} entry-shaped rows into a table with ledger_entries' columns and indexes. */
    private String baselineCopy(int rows) throws Exception {
        String table = "bench_entries_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("create table " + table + " (like ledger_entries including all)").update();
        try {
            StringBuilder csv = new StringBuilder();
            Random random = new Random(1);
            UUID tx = UUID.randomUUID();
            for (int i = 0; i < rows; i++) {
                csv.append("bench,").append(new UUID(random.nextLong(), random.nextLong())).append(",1,").append(i + 1).append(',')
                        .append(UUID.randomUUID()).append(',').append(tx).append(",EARN,Purchase,").append(1 + i % 500)
                        .append(",Order ").append(i).append(",,,,").append(START).append(',').append(START).append(',')
                        .append(START).append(',').append(START.plus(Duration.ofDays(400))).append(",,").append(UUID.randomUUID())
                        .append('\n');
            }
            String columns = "program_id, member_id, definition_id, seq, id, transaction_id, kind, source, amount, description, reference,"
                    + " partner, actor, occurred_at, recorded_at, valid_from, expires_at, reverses, lot_id";
            long start = System.nanoTime();
            long copied;
            try (Connection c = dataSource.getConnection()) {
                copied = c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy " + table + " (" + columns + ") from stdin (format csv)", new StringReader(csv.toString()));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return String.format("PostgreSQL: COPY of %d entry-shaped rows in %.2f s = %.0f rows/s", copied, seconds, copied / seconds);
        } finally {
            jdbc.sql("drop table " + table).update();
        }
    }

    /** PostgreSQL's floor: one UPDATE activating {@code rows} pending rows of a table with lots' columns and indexes. */
    private String baselineUpdate(int rows) {
        String table = "bench_lots_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("create table " + table + " (like lots including all)").update();
        try {
            jdbc.sql("insert into " + table + " (program_id, member_id, definition_id, id, entry_id, original, remaining, status,"
                    + " earned_at, valid_from, expires_at) select 'bench', gen_random_uuid(), 1, gen_random_uuid(), gen_random_uuid(),"
                    + " 10, 10, 'PENDING', :at, :at, null from generate_series(1, :n)")
                    .param("at", java.sql.Timestamp.from(START)).param("n", rows).update();
            jdbc.sql("analyze " + table).update();
            long start = System.nanoTime();
            int updated = jdbc.sql("update " + table + " set status = 'ACTIVE' where status = 'PENDING' and valid_from <= :now")
                    .param("now", java.sql.Timestamp.from(START.plus(Duration.ofDays(1)))).update();
            double seconds = (System.nanoTime() - start) / 1e9;
            return String.format("PostgreSQL: one UPDATE of %d lot-shaped rows in %.2f s = %.0f rows/s", updated, seconds, updated / seconds);
        } finally {
            jdbc.sql("drop table " + table).update();
        }
    }

    private List<UUID> seedMembers(String programId) {
        jdbc.sql("""
                insert into members (program_id, id, opted_in, created_at, updated_at)
                select :p, gen_random_uuid(), true, now(), now() from generate_series(1, :n)
                """).param("p", programId).param("n", MEMBERS).update();
        jdbc.sql("analyze members").update();
        return jdbc.sql("select id from members where program_id = :p order by id").param("p", programId).query(UUID.class).list();
    }

    private boolean countingStatements() {
        if (!Boolean.getBoolean("laurel.test.statements")) {
            return false;
        }
        jdbc.sql("create extension if not exists pg_stat_statements").update();
        jdbc.sql("select pg_stat_statements_reset()").query(Object.class).list();
        return true;
    }

    /** Statements PostgreSQL has run so far (each execution of a batch's statement counts), begin and commit left out. */
    private long statements() {
        return jdbc.sql("select coalesce(sum(calls), 0)::bigint from pg_stat_statements where query not ilike '%pg_stat_statements%'"
                + " and query not in ('BEGIN', 'COMMIT', 'begin', 'commit')").query(Long.class).single();
    }

    /** The statements that took most of PostgreSQL's time in this run (pg_stat_statements), to see what bounds it. */
    private List<String> slowest(boolean counting) {
        if (!counting) {
            return List.of();
        }
        return jdbc.sql("""
                select calls, round(total_exec_time)::bigint as ms, round(total_plan_time)::bigint as plan_ms, plans, rows,
                       left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query
                  from pg_stat_statements order by total_exec_time + total_plan_time desc limit 10
                """).query((rs, n) -> String.format("  %8d ms %7d calls %9d rows %6d ms planning %7d plans  %s", rs.getLong("ms"),
                rs.getLong("calls"), rs.getLong("rows"), rs.getLong("plan_ms"), rs.getLong("plans"), rs.getString("query"))).list();
    }

    private static String verify(Api api) {
        var verify = api.get("/v1/admin/ledger/verify").json();
        long mismatches = verify.get("mismatches").asLong();
        if (mismatches != 0) {
            throw new IllegalStateException("the ledger disagrees with itself after the benchmark: " + verify);
        }
        return "verify: " + mismatches + " mismatches over " + verify.get("accountsChecked").asLong() + " accounts";
    }

    private static String header() {
        return "members=" + MEMBERS + " durable=" + Boolean.getBoolean("laurel.test.durable") + " java=" + System.getProperty("java.version")
                + " processors=" + Runtime.getRuntime().availableProcessors();
    }

    private static void report(List<String> lines) throws Exception {
        lines.forEach(System.out::println);
        Path out = Path.of("target", "benchmarks", "ledger-batches.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
