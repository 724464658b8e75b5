package dev.laurel.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.proof.LaurelNode.Readiness;
import dev.laurel.proof.ProofHttp.Outcome;
import dev.laurel.proof.Traffic.Account;
import dev.laurel.proof.Traffic.BalanceImport;
import dev.laurel.proof.Traffic.Gate;
import dev.laurel.proof.Traffic.ServerError;
import dev.laurel.proof.Traffic.Tally;
import dev.laurel.proof.Traffic.Workers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL stopped hard ({@code pg_ctl stop -m immediate}) and started again on the same data directory
 * and port while Laurel serves partner awards, adjustments, 1,000-item syncs and applies a 10,000-item
 * balance import. While the database is away Laurel answers 503 with Retry-After within a few seconds
 * and reports itself not ready; before and after, no 5xx at all. Once it is back, every call is answered
 * (those that got a 503 are sent again with their key), every import item is applied (status Completed,
 * one entry per item, balances equal) and the ledger check finds no mismatch.
 */
class DatabaseRestartTest {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** "Within a few seconds": a call sent while the database is away is answered (503) within this. */
    static final Duration ANSWER_DURING_OUTAGE_MAX = Duration.ofSeconds(10);
    /** The outage ends once Laurel said it is not ready and answered 503s, or after this at the latest. */
    static final Duration OUTAGE_MAX = Duration.ofSeconds(15);
    /** A 503 answered this long after Laurel reported ready again is one too many. */
    static final Duration RECOVERY_SLACK = Duration.ofSeconds(1);

    @TempDir
    Path programs;

    @TempDir
    Path data;

    @Test
    void a_database_restart_loses_nothing_and_answers_503_only_while_it_is_away() {
        run(1, 1000, 10);
    }

    /** {@code ./mvnw test -Dtest=DatabaseRestartTest -DexcludedTestGroups=none -Dlaurel.proof.restarts=5}. */
    @Test
    @Tag("stress")
    void many_database_restarts_lose_nothing() {
        run(Integer.getInteger("laurel.proof.restarts", 5), 1000, 10);
    }

    private void run(int restarts, int memberCount, int rounds) {
        long seed = Long.getLong("laurel.proof.seed", new Random().nextLong());
        Figures figures = new Figures("DatabaseRestartTest").put("seed", seed);
        System.out.println("[proof] DatabaseRestartTest seed " + seed);
        ProofProgram program = ProofProgram.create("dbrestart");
        program.write(programs, "http://127.0.0.1:9");
        ProofHttp http = new ProofHttp(CALL_TIMEOUT);
        Path logs = Path.of("target", "proof", "DatabaseRestartTest");
        Clock clock = Clock.systemUTC();
        try {
            Files.createDirectories(logs);
            Files.deleteIfExists(logs.resolve("postgres.log"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (PrivatePostgres postgres = new PrivatePostgres(data.resolve("pg"), logs.resolve("postgres.log")).start()) {
            Map<String, String> settings = new HashMap<>(postgres.settings());
            settings.put("LAUREL_PROGRAMS_DIR", programs.toString());
            settings.put("LAUREL_SWEEPS_INTERVAL", "1s");
            try (LaurelNode node = LaurelNode.create("DatabaseRestartTest", "node", settings)) {
                node.start();
                Gate gate = new Gate();
                Traffic traffic = new Traffic(http, node::base, gate);
                List<UUID> members = traffic.createMembers(program, memberCount, 4);
                List<Outage> outages = new ArrayList<>();
                List<Outcome> attempts = new CopyOnWriteArrayList<>();
                traffic.observe(attempts::add);
                AtomicBoolean stop = new AtomicBoolean();
                Workers syncs = traffic.start(1, seed, random -> traffic.sync(program, members, CrashTest.SYNC_ITEMS, random, null),
                        stop::get);
                Workers small = traffic.start(3, seed + 1, CrashTest.smallCalls(traffic, program, members), stop::get);
                List<String> importIds = new ArrayList<>();
                Map<Account, Long> lastBalances = new HashMap<>();
                int importsCaughtInFlight = 0;
                try {
                    Random random = new Random(seed);
                    for (int r = 0; r < restarts; r++) {
                        awaitMoreCalls(traffic, 40);
                        // A balance import of 10,000 items, caught while its chunks are being applied.
                        BalanceImport balances = Traffic.balanceImport(program, members, rounds, random,
                                clock.instant().minusSeconds(3600).plusSeconds(r * 100L), lastBalances);
                        Outcome submitted = traffic.send(balances.call());
                        assertThat(submitted).as("the balance import's answer").isNotNull();
                        assertThat(submitted.status()).as("the balance import: " + submitted).isEqualTo(202);
                        String id = submitted.json().get("id").asString();
                        importIds.add(id);
                        lastBalances.putAll(balances.balances());
                        String[] seen = new String[1];
                        Await.within(Duration.ofSeconds(60), () -> {
                            seen[0] = traffic.importStatus(node.base(), program, id);
                            return seen[0] != null && !seen[0].equals("Queued");
                        });
                        if ("Processing".equals(seen[0])) {
                            importsCaughtInFlight++;
                        }
                        outages.add(outage(postgres, node, gate, traffic, clock));
                    }
                    awaitMoreCalls(traffic, 40);
                    stop.set(true);
                    syncs.join(Duration.ofMinutes(3));
                    small.join(Duration.ofMinutes(3));
                } finally {
                    stop.set(true);
                    syncs.cancel();
                    small.cancel();
                }
                List<JsonNode> statuses = new ArrayList<>();
                for (String id : importIds) {
                    statuses.add(traffic.awaitImport(node.base(), program, id, Duration.ofMinutes(3)));
                }
                lastBalances.forEach(traffic::expectBalance);
                Tally tally = traffic.check(node.base(), program, members, false);
                Map<UUID, Integer> entriesOff = traffic.balanceEntriesOff(node.base(), program, members, rounds * restarts);
                JsonNode verify = http.getOk(node.base(), "/v1/admin/ledger/verify", program.adminKey());
                CrashTest.record(figures, traffic, tally, verify);
                List<String> misplaced = misplaced503s(traffic.serverErrors(), outages);
                List<String> slow = slowAnswersDuringOutages(attempts, outages);
                long served503 = traffic.serverErrors().stream().filter(e -> e.outcome().status() == 503).count();
                figures.put("database restarts (pg_ctl stop -m immediate)", outages.size())
                        .put("imports caught in flight", importsCaughtInFlight + " of " + importIds.size())
                        .put("import items", (long) memberCount * rounds * importIds.size())
                        .put("import statuses", statuses.stream().map(s -> s.get("status").asString()).toList())
                        .put("503 answers during outages", served503)
                        .put("other 5xx answers", traffic.serverErrors().size() - served503)
                        .put("longest answer during an outage", longestDuringOutages(attempts, outages) + " ms")
                        .put("readiness DOWN during every outage", outages.stream().allMatch(o -> o.readinessDown))
                        .put("outage lengths", outages.stream().map(o -> (o.restartedAt - o.stoppedAt) / 1_000_000 + " ms").toList());

                int caught = importsCaughtInFlight;
                SoftAssertions.assertSoftly(soft -> {
                    soft.assertThat(traffic.failures()).as("calls that failed").isEmpty();
                    soft.assertThat(traffic.serverErrors().stream().filter(e -> e.outcome().status() != 503).map(ServerError::outcome).toList())
                            .as("5xx answers other than 503 (a database outage is a 503 with Retry-After, never a 500)").isEmpty();
                    soft.assertThat(misplaced).as("503s outside an outage, or without Retry-After").isEmpty();
                    soft.assertThat(slow).as("calls sent during an outage and not answered within " + ANSWER_DURING_OUTAGE_MAX.toSeconds() + " s")
                            .isEmpty();
                    soft.assertThat(outages).as("readiness DOWN while the database was away").allMatch(o -> o.readinessDown);
                    soft.assertThat(outages).as("calls sent while the database was away").allMatch(o -> sentDuring(attempts, o) > 0);
                    for (JsonNode s : statuses) {
                        soft.assertThat(s.get("status").asString()).as("an import applied whole: " + s).isEqualTo("Completed");
                        soft.assertThat(s.get("messages")).as("an import's messages: " + s).isEmpty();
                    }
                    soft.assertThat(entriesOff).as("members whose balance account does not have one BalanceSync entry per import item").isEmpty();
                    soft.assertThat(tally.mismatched()).as("accounts whose figures differ from what the answered calls moved").isEmpty();
                    soft.assertThat(verify.get("mismatches").asLong()).as("ledger verify: " + verify).isZero();
                    soft.assertThat(caught).as("imports the outage caught while their chunks were being applied").isPositive();
                });
            }
        } finally {
            figures.write();
        }
    }

    /** One outage: when PostgreSQL was stopped, when it was started again, when Laurel was ready again. */
    static final class Outage {
        long stoppedAt;
        long restartedAt;
        long readyAt;
        boolean readinessDown;

        @Override
        public String toString() {
            return "an outage of " + (restartedAt - stoppedAt) / 1_000_000 + " ms (Laurel ready again " + (readyAt - restartedAt) / 1_000_000
                    + " ms after the restart; readiness DOWN seen: " + readinessDown + ")";
        }
    }

    private static Outage outage(PrivatePostgres postgres, LaurelNode node, Gate gate, Traffic traffic, Clock clock) {
        Outage o = new Outage();
        long errorsBefore = traffic.serverErrors().size();
        gate.close();
        o.stoppedAt = System.nanoTime();
        postgres.stopImmediately();
        // The outage lasts until Laurel has said it is not ready and refused calls, or OUTAGE_MAX at the latest.
        Await.within(OUTAGE_MAX, () -> {
            if (node.readiness() == Readiness.DOWN) {
                o.readinessDown = true;
            }
            return o.readinessDown && traffic.serverErrors().size() - errorsBefore >= 3;
        });
        postgres.start();
        o.restartedAt = System.nanoTime();
        Await.until("Laurel to be ready again after the database restart", Duration.ofSeconds(60), node::ready);
        o.readyAt = System.nanoTime();
        gate.open();
        return o;
    }

    private static void awaitMoreCalls(Traffic traffic, int more) {
        long target = traffic.succeeded() + traffic.refused() + more;
        Await.until("more calls to be answered", Duration.ofMinutes(3), () -> traffic.succeeded() + traffic.refused() >= target);
    }

    /** 503s answered before an outage began or sent after Laurel was ready again, and 503s without Retry-After. */
    private static List<String> misplaced503s(List<ServerError> errors, List<Outage> outages) {
        List<String> misplaced = new ArrayList<>();
        for (ServerError e : errors) {
            Outcome o = e.outcome();
            if (o.status() != 503) {
                continue;
            }
            boolean during = outages.stream().anyMatch(out -> o.endedAtNanos() >= out.stoppedAt
                    && o.sentAtNanos() <= out.readyAt + RECOVERY_SLACK.toNanos());
            if (!during) {
                misplaced.add("503 outside an outage: " + e.call().kind() + " " + e.call().path() + ": " + o);
            }
            if (o.retryAfter() == null) {
                misplaced.add("503 without Retry-After: " + e.call().kind() + " " + e.call().path() + ": " + o);
            }
            if (o.contentType() == null || !o.contentType().startsWith("application/problem+json")) {
                misplaced.add("503 that is not a problem (" + o.contentType() + "): " + o);
            }
        }
        return misplaced;
    }

    private static boolean sentIn(Outcome o, Outage out) {
        return o.sentAtNanos() >= out.stoppedAt && o.sentAtNanos() <= out.restartedAt;
    }

    private static long sentDuring(List<Outcome> attempts, Outage out) {
        return attempts.stream().filter(o -> sentIn(o, out)).count();
    }

    private static List<String> slowAnswersDuringOutages(List<Outcome> attempts, List<Outage> outages) {
        return attempts.stream().filter(o -> outages.stream().anyMatch(out -> sentIn(o, out)))
                .filter(o -> o.endedAtNanos() - o.sentAtNanos() > ANSWER_DURING_OUTAGE_MAX.toNanos())
                .map(o -> "answered after " + (o.endedAtNanos() - o.sentAtNanos()) / 1_000_000 + " ms: " + o).toList();
    }

    private static long longestDuringOutages(List<Outcome> attempts, List<Outage> outages) {
        AtomicLong longest = new AtomicLong();
        attempts.stream().filter(o -> outages.stream().anyMatch(out -> sentIn(o, out)))
                .forEach(o -> longest.accumulateAndGet((o.endedAtNanos() - o.sentAtNanos()) / 1_000_000, Math::max));
        return longest.get();
    }
}
