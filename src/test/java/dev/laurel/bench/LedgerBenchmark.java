package dev.laurel.bench;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.Posting;
import dev.laurel.members.MemberDraft;
import dev.laurel.members.Members;
import dev.laurel.support.Api;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Single-entry adjustments on 10,000 accounts and on one hot account, in process (the Ledger bean)
 * and over HTTP (POST /v1/members/{id}/adjustments). Prints throughput and latency percentiles and
 * writes them to target/benchmarks/ledger.txt. Run (see docs/benchmarks.md):
 *
 * <pre>./mvnw test -Dtest=LedgerBenchmark -DexcludedTestGroups=none -Dlaurel.test.durable=true</pre>
 *
 * It asserts nothing about time: figures go to docs/benchmarks.md.
 */
@Tag("benchmark")
class LedgerBenchmark extends IntegrationTest {

    static final int ACCOUNTS = 10_000;
    static final int THREADS = Integer.getInteger("bench.threads", 16);
    static final int WARMUP = 2_000;

    @Autowired
    Ledger ledger;

    @Autowired
    Members members;

    @Test
    void adjustments() throws Exception {
        TestProgram program = newProgram();
        DefinitionPolicy policy = new DefinitionPolicy(1, 4, false, ZoneId.of("America/New_York"));
        List<UUID> ids = new ArrayList<>(ACCOUNTS);
        for (int i = 0; i < ACCOUNTS; i++) {
            ids.add(members.create(program.id(), new MemberDraft(null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, true, null, null)).id().value());
        }
        UUID hot = ids.get(0);
        Api api = as(program);
        String body = "{\"definitionId\": 1, \"amount\": 5, \"description\": \"bench\", \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}";
        IntConsumer inProcessSpread = i -> ledger.post(program.id(), List.of(Posting.of(ids.get(i % ACCOUNTS), policy, 5, "Manual", "bench")));
        IntConsumer inProcessHot = i -> ledger.post(program.id(), List.of(Posting.of(hot, policy, 5, "Manual", "bench")));
        IntConsumer httpSpread = i -> check(api.post("/v1/members/" + ids.get(i % ACCOUNTS) + "/adjustments", body));
        IntConsumer httpHot = i -> check(api.post("/v1/members/" + hot + "/adjustments", body));

        run("warm-up", WARMUP, inProcessSpread);
        run("warm-up http", WARMUP, httpSpread);
        List<String> lines = new ArrayList<>();
        lines.add("threads=" + THREADS + " durable=" + Boolean.getBoolean("laurel.test.durable") + " java=" + System.getProperty("java.version"));
        lines.add(run("in process, 10,000 accounts", ACCOUNTS, inProcessSpread));
        lines.add(run("in process, 1 hot account", ACCOUNTS, inProcessHot));
        lines.add(run("HTTP, 10,000 accounts", ACCOUNTS, httpSpread));
        lines.add(run("HTTP, 1 hot account", ACCOUNTS, httpHot));
        lines.forEach(System.out::println);
        Path out = Path.of("target", "benchmarks", "ledger.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        if (ledger.check(program.id()).mismatches() != 0) {
            throw new IllegalStateException("the ledger disagrees with itself after the benchmark");
        }
    }

    private static void check(Api.Response r) {
        if (r.status() != 201) {
            throw new IllegalStateException("adjustment failed: " + r);
        }
    }

    private static String run(String name, int operations, IntConsumer operation) throws Exception {
        return ClosedLoad.run(name, 30, THREADS, operations, operation);
    }

}
