package dev.laurel.proof;

import dev.laurel.proof.Traffic.Call;
import dev.laurel.proof.Traffic.Gate;
import dev.laurel.proof.Traffic.Tally;
import dev.laurel.proof.Traffic.Workers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Laurel killed with SIGKILL mid-traffic, again and again: partner awards, adjustments and 1,000-item
 * Engage syncs go on from several client threads, each with an Idempotency-Key; every call that got no
 * answer is sent again, with its key and body, once the node is back. In the end every account holds
 * exactly what the answered calls moved (nothing lost, nothing applied twice) and the ledger check
 * finds no mismatch.
 *
 * <p>The seed is printed; {@code -Dlaurel.proof.seed=N} replays the same choices (kill points and calls; the
 * timing of a real process cannot be replayed).
 */
class CrashTest {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final int SYNC_ITEMS = 1000;

    @TempDir
    Path programs;

    /** The size run by {@code ./mvnw verify}: three kills, about a minute and a half. */
    @Test
    void no_point_is_lost_or_doubled_when_laurel_is_killed_mid_traffic_three_times() {
        run(new Size(4, 40, 3, 60, 200));
    }

    /**
     * The long run: {@code ./mvnw test -Dtest=CrashTest -DexcludedTestGroups=none -Dlaurel.proof.kills=20}
     * (20 kills unless told otherwise).
     */
    @Test
    @Tag("stress")
    void no_point_is_lost_or_doubled_when_laurel_is_killed_many_times() {
        run(new Size(Integer.getInteger("laurel.proof.kills", 20), 100, 4, 30, 200));
    }

    /** Kills; members; threads sending small calls (one more sends syncs); the calls settled before a kill, from..to. */
    record Size(int kills, int members, int smallCallThreads, int callsBeforeKillMin, int callsBeforeKillMax) {}

    private void run(Size size) {
        long seed = Long.getLong("laurel.proof.seed", new Random().nextLong());
        Figures figures = new Figures("CrashTest").put("seed", seed);
        System.out.println("[proof] CrashTest seed " + seed + " (replay the choices with -Dlaurel.proof.seed=" + seed + ")");
        ProofProgram program = ProofProgram.create("crash");
        program.write(programs, "http://127.0.0.1:9");
        ProofHttp http = new ProofHttp(CALL_TIMEOUT);
        try (ProofDatabase db = ProofDatabase.create("crash")) {
            Map<String, String> settings = new HashMap<>(db.settings());
            settings.put("LAUREL_PROGRAMS_DIR", programs.toString());
            settings.put("LAUREL_SWEEPS_INTERVAL", "1s");
            try (LaurelNode node = LaurelNode.create("CrashTest", "node", settings)) {
                node.start();
                Gate gate = new Gate();
                Traffic traffic = new Traffic(http, node::base, gate);
                List<UUID> members = traffic.createMembers(program, size.members(), 4);
                AtomicBoolean stop = new AtomicBoolean();
                Workers syncs = traffic.start(1, seed, random -> traffic.sync(program, members, SYNC_ITEMS, random, null), stop::get);
                Workers small = traffic.start(size.smallCallThreads(), seed + 1, smallCalls(traffic, program, members), stop::get);
                try {
                    Random killer = new Random(seed);
                    int kills = 0;
                    for (int k = 0; k < size.kills(); k++) {
                        long target = settled(traffic) + size.callsBeforeKillMin()
                                + killer.nextInt(size.callsBeforeKillMax() - size.callsBeforeKillMin() + 1);
                        Await.until("calls to be answered before kill " + (k + 1), Duration.ofMinutes(3), () -> settled(traffic) >= target);
                        gate.close();
                        node.kill();
                        kills++;
                        node.start();
                        gate.open();
                    }
                    long end = settled(traffic) + size.callsBeforeKillMin();
                    Await.until("calls to be answered after the last restart", Duration.ofMinutes(3), () -> settled(traffic) >= end);
                    stop.set(true);
                    syncs.join(Duration.ofMinutes(3));
                    small.join(Duration.ofMinutes(3));
                    figures.put("kills (SIGKILL)", kills).put("restarts", node.starts() - 1);
                } finally {
                    stop.set(true);
                    syncs.cancel();
                    small.cancel();
                }
                Tally tally = traffic.check(node.base(), program, members, false);
                JsonNode verify = http.getOk(node.base(), "/v1/admin/ledger/verify", program.adminKey());
                record(figures, traffic, tally, verify);

                SoftAssertions.assertSoftly(soft -> {
                    soft.assertThat(traffic.failures()).as("calls that failed").isEmpty();
                    soft.assertThat(traffic.serverErrors()).as("5xx answers (none is expected: a killed node gives no answer, a live one no 500)")
                            .isEmpty();
                    soft.assertThat(tally.mismatched()).as("accounts whose figures differ from what the answered calls moved").isEmpty();
                    soft.assertThat(verify.get("mismatches").asLong()).as("ledger verify: " + verify).isZero();
                    soft.assertThat(traffic.resent()).as("calls sent again after a kill (else no kill hit a call in flight)").isPositive();
                });
            }
        } finally {
            figures.write();
        }
    }

    private static long settled(Traffic traffic) {
        return traffic.succeeded() + traffic.refused();
    }

    /** Partner awards (a fifth of them deductions) and adjustments on the definition Laurel masters. */
    static Function<Random, Call> smallCalls(Traffic traffic, ProofProgram program, List<UUID> members) {
        return random -> {
            UUID member = members.get(random.nextInt(members.size()));
            if (random.nextBoolean()) {
                long points = random.nextInt(5) == 0 ? -(1 + random.nextInt(50)) : 1 + random.nextInt(100);
                return traffic.award(program, member, points, random.nextInt(1_000_000));
            }
            long amount = random.nextInt(181) - 60;
            return traffic.adjustment(program, member, ProofProgram.MASTER, amount == 0 ? 1 : amount);
        };
    }

    static void record(Figures figures, Traffic traffic, Tally tally, JsonNode verify) {
        figures.put("calls", traffic.calls() + " " + traffic.callsByKind()).put("requests sent (with resends)", traffic.attempts())
                .put("answered 2xx", traffic.succeeded()).put("refused as documented (409)", traffic.refused())
                .put("sync items applied", traffic.syncItems()).put("attempts with no answer", traffic.unanswered())
                .put("calls sent again with their key", traffic.resent()).put("answers replayed (Idempotent-Replayed)", traffic.replays())
                .put("5xx answers", traffic.serverErrors().size()).put("accounts checked", tally.accounts())
                .put("accounts off", tally.mismatched().size()).put("points lost", tally.pointsLost())
                .put("points duplicated", tally.pointsDuplicated()).put("ledger verify mismatches", verify.get("mismatches").asLong())
                .put("failures", traffic.failures().size());
    }
}
