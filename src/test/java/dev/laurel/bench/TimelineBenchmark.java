package dev.laurel.bench;

import dev.laurel.support.Api;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The timeline query with 1,000,000 events in the program: 9,999 members with 100 events each and one
 * with 10,000. Times GET /v1/members/{id}/timeline over HTTP (first page, a view filtering by type,
 * a page deep in the heavy member's history, and a typical member), and prints the query plan.
 * Run (see docs/benchmarks.md):
 *
 * <pre>./mvnw test -Dtest=TimelineBenchmark -DexcludedTestGroups=none -Dlaurel.test.durable=true</pre>
 */
@Tag("benchmark")
class TimelineBenchmark extends IntegrationTest {

    static final int MEMBERS = 10_000;
    static final int EVENTS_PER_MEMBER = 100;
    static final int HEAVY_EVENTS = 10_000;
    static final int CALLS = 500;

    @Autowired
    JdbcClient jdbc;

    @Test
    void timeline_with_a_million_events() throws Exception {
        TestProgram program = newProgram(TestProgram.ACME, Map.of(), yaml -> yaml + """
                timelineViews:
                  - name: purchases
                    eventTypes: [purchased]
                    fields: [orderId, amount]
                """);
        long seedStart = System.nanoTime();
        jdbc.sql("""
                insert into members (program_id, id, opted_in, created_at, updated_at)
                select :p, gen_random_uuid(), true, now(), now() from generate_series(1, :n)
                """).param("p", program.id()).param("n", MEMBERS).update();
        List<UUID> members = jdbc.sql("select id from members where program_id = :p order by id").param("p", program.id())
                .query(UUID.class).list();
        UUID heavy = members.get(0);
        UUID typical = members.get(MEMBERS / 2);
        jdbc.sql("""
                insert into timeline_events (program_id, member_id, id, type, occurred_at, recorded_at, attributes, origin)
                select :p, m.id, gen_random_uuid(),
                       (array['purchased', 'opened_email', 'clicked', 'points_earned'])[1 + (g % 4)],
                       timestamptz '2026-01-01' + make_interval(mins => g), now(),
                       jsonb_build_object('orderId', 'O-' || g, 'amount', g % 50, 'channel', 'web'), 'API'
                  from members m cross join generate_series(1, :per) g
                 where m.program_id = :p and m.id <> :heavy
                """).param("p", program.id()).param("per", EVENTS_PER_MEMBER).param("heavy", heavy).update();
        jdbc.sql("""
                insert into timeline_events (program_id, member_id, id, type, occurred_at, recorded_at, attributes, origin)
                select :p, :heavy, gen_random_uuid(), (array['purchased', 'opened_email', 'clicked', 'points_earned'])[1 + (g % 4)],
                       timestamptz '2026-01-01' + make_interval(mins => g), now(),
                       jsonb_build_object('orderId', 'O-' || g, 'amount', g % 50), 'API'
                  from generate_series(1, :n) g
                """).param("p", program.id()).param("heavy", heavy).param("n", HEAVY_EVENTS).update();
        jdbc.sql("analyze timeline_events").update();
        long total = jdbc.sql("select count(*) from timeline_events where program_id = :p").param("p", program.id()).query(Long.class).single();
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

        Api api = as(program);
        String deepCursor = api.get("/v1/members/" + heavy + "/timeline?limit=1000").json().get("nextCursor").asString();
        for (int i = 0; i < 5; i++) {
            deepCursor = api.get("/v1/members/" + heavy + "/timeline?limit=1000&cursor=" + deepCursor).json().get("nextCursor").asString();
        }
        String cursor = deepCursor;
        List<String> lines = new ArrayList<>();
        lines.add(String.format("program events: %d (seeded in %.1f s); java=%s durable=%s", total, seedSeconds,
                System.getProperty("java.version"), Boolean.getBoolean("laurel.test.durable")));
        lines.add(time("heavy member, first page of 50", () -> api.get("/v1/members/" + heavy + "/timeline?limit=50").status()));
        lines.add(time("heavy member, view 'purchases', 50", () -> api.get("/v1/members/" + heavy + "/timeline?view=purchases&limit=50").status()));
        lines.add(time("heavy member, page at 6,000 deep", () -> api.get("/v1/members/" + heavy + "/timeline?limit=50&cursor=" + cursor).status()));
        lines.add(time("heavy member, page of 1000", () -> api.get("/v1/members/" + heavy + "/timeline?limit=1000").status()));
        lines.add(time("typical member, first page of 50", () -> api.get("/v1/members/" + typical + "/timeline?limit=50").status()));
        lines.add("plan (view 'purchases', heavy member):");
        jdbc.sql("""
                explain (analyze, buffers off, costs off, timing on)
                select id from timeline_events where program_id = :p and member_id = :m and type = any(array['purchased'])
                 order by occurred_at desc, id desc limit 51
                """).param("p", program.id()).param("m", heavy).query(String.class).list().forEach(l -> lines.add("  " + l));
        lines.forEach(System.out::println);
        Path out = Path.of("target", "benchmarks", "timeline.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }

    private static String time(String name, Supplier<Integer> call) {
        for (int i = 0; i < 50; i++) {
            check(call.get());
        }
        long[] latencies = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long begin = System.nanoTime();
            check(call.get());
            latencies[i] = System.nanoTime() - begin;
        }
        Arrays.sort(latencies);
        return String.format("%-38s p50 %6.2f ms, p99 %6.2f ms (%d calls over HTTP)", name, latencies[CALLS / 2] / 1e6,
                latencies[(int) (CALLS * 0.99)] / 1e6, CALLS);
    }

    private static void check(int status) {
        if (status != 200) {
            throw new IllegalStateException("timeline answered " + status);
        }
    }
}
