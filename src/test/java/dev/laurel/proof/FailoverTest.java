package dev.laurel.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.proof.AutoFailoverCluster.Node;
import dev.laurel.proof.ProofHttp.Outcome;
import dev.laurel.proof.Traffic.Call;
import dev.laurel.proof.Traffic.Gate;
import dev.laurel.proof.Traffic.ServerError;
import dev.laurel.proof.Traffic.Tally;
import dev.laurel.proof.Traffic.Workers;
import dev.laurel.support.Prerequisites;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The database server lost mid-traffic, on a pg_auto_failover cluster (monitor, primary, synchronous secondary, all on
 * this machine): partner awards, adjustments, purchases and 1,000-item Engage syncs, each with an idempotency key, run
 * against one Laurel node whose {@code LAUREL_DB_URL} names both nodes ({@code targetServerType=primary}); the primary's
 * keeper and PostgreSQL get SIGKILL; the monitor promotes the secondary. Laurel is never restarted or told anything.
 *
 * <p>It checks that every call answered 2xx is in the new primary (the balances Laurel shows equal what the answered
 * calls moved: commits waited for the synchronous secondary, so 0 acknowledged points are lost), that calls resent
 * with their key after a 503 leave exact balances (no point twice), that the outage is answered 503 with
 * {@code Retry-After} (never another 5xx) and then succeeds, and that the ledger check finds no mismatch. The figures,
 * with the outage as clients saw it, go to {@code target/proof/FailoverTest/figures.txt} and docs/reliability.md.
 */
class FailoverTest {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** From the kill to Laurel writing on the new primary, at the latest (the monitor needs ~30 s to give up on the old one). */
    static final Duration RECOVERY_MAX = Duration.ofSeconds(150);
    static final int MEMBERS = 500;
    static final int SYNC_ITEMS = 1000;
    static final int CALLS_BEFORE = 150;
    static final int CALLS_AFTER = 150;

    @TempDir
    Path programs;

    @Test
    void losing_the_primary_loses_no_answered_write_and_laurel_carries_on_with_the_promoted_secondary() {
        Prerequisites.require(AutoFailoverCluster.available(),
                "Debian's postgresql-15-auto-failover (pg_autoctl and the monitor extension; .ci/run installs it)");
        long seed = Long.getLong("laurel.proof.seed", new Random().nextLong());
        Figures figures = new Figures("FailoverTest").put("seed", seed);
        System.out.println("[proof] FailoverTest seed " + seed);
        ProofProgram program = ProofProgram.create("failover");
        program.write(programs, "http://127.0.0.1:9");
        ProofHttp http = new ProofHttp(CALL_TIMEOUT);
        Path logs = Path.of("target", "proof", "FailoverTest");
        long clusterStarted = System.nanoTime();
        try (AutoFailoverCluster cluster = AutoFailoverCluster.start(logs)) {
            Node first = cluster.primary().orElseThrow(() -> new AssertionError("no primary after the cluster started"));
            figures.put("cluster start (monitor + 2 nodes)", (System.nanoTime() - clusterStarted) / 1_000_000 + " ms")
                    .put("primary's synchronous settings", cluster.synchronousSettings(first));
            Map<String, String> settings = new HashMap<>();
            settings.put("LAUREL_DB_URL", cluster.jdbcUrl());
            settings.put("LAUREL_DB_USERNAME", AutoFailoverCluster.USER);
            settings.put("LAUREL_PROGRAMS_DIR", programs.toString());
            settings.put("LAUREL_SWEEPS_INTERVAL", "1s");
            Node standby = cluster.nodes().stream().filter(n -> n != first).findFirst().orElseThrow();
            settings.put("LAUREL_DB_READ_URL", cluster.jdbcUrl(standby));
            figures.put("LAUREL_DB_URL", cluster.jdbcUrl()).put("LAUREL_DB_READ_URL", cluster.jdbcUrl(standby));
            try (LaurelNode node = LaurelNode.create("FailoverTest", "node", settings)) {
                node.start();
                Gate gate = new Gate();
                Traffic traffic = new Traffic(http, node::base, gate);
                List<UUID> members = traffic.createMembers(program, MEMBERS, 4);
                List<Outcome> attempts = new CopyOnWriteArrayList<>();
                traffic.observe(attempts::add);
                AtomicBoolean stop = new AtomicBoolean();
                Workers syncs = traffic.start(1, seed, random -> traffic.sync(program, members, SYNC_ITEMS, random, null), stop::get);
                Workers small = traffic.start(4, seed + 1, calls(traffic, program, members), stop::get);
                long killedAt;
                long promotedAt;
                long readyAt;
                Node killed;
                Node promoted;
                try {
                    awaitMoreCalls(traffic, CALLS_BEFORE);
                    figures.put("reads served by the hot standby", readsFromStandby(http, traffic, node, program, members, cluster, standby));
                    // Calls that get no answer wait for the gate; calls answered 503 back off as Retry-After says.
                    gate.close();
                    killed = cluster.killPrimary();
                    // From here no process of the old primary is left: the outage as clients see it starts now.
                    killedAt = System.nanoTime();
                    Await.until(() -> "the monitor to promote the secondary; the monitor's log:\n" + cluster.tail("monitor"), RECOVERY_MAX,
                            () -> cluster.primary().filter(n -> n != killed).isPresent());
                    promotedAt = System.nanoTime();
                    promoted = cluster.primary().orElseThrow();
                    Await.until(() -> "Laurel to be ready on the new primary; its log:\n" + node.tail(60), RECOVERY_MAX, node::ready);
                    readyAt = System.nanoTime();
                    gate.open();
                    awaitMoreCalls(traffic, CALLS_AFTER);
                    stop.set(true);
                    syncs.join(Duration.ofMinutes(3));
                    small.join(Duration.ofMinutes(3));
                } finally {
                    stop.set(true);
                    gate.open();
                    syncs.cancel();
                    small.cancel();
                }
                // The read URL named the node that is now the primary: the replica's reads go on there.
                JsonNode after = http.getOk(node.base(), "/v1/members/" + members.get(0) + "/timeline", program.adminKey());
                Tally tally = traffic.check(node.base(), program, members, false);
                JsonNode verify = http.getOk(node.base(), "/v1/admin/ledger/verify", program.adminKey());
                CrashTest.record(figures, traffic, tally, verify);

                List<ServerError> errors = traffic.serverErrors();
                List<ServerError> not503 = errors.stream().filter(e -> e.outcome().status() != 503).toList();
                List<String> bad503 = errors.stream().map(ServerError::outcome).filter(o -> o.status() == 503)
                        .filter(o -> o.retryAfter() == null || o.contentType() == null || !o.contentType().startsWith("application/problem+json"))
                        .map(Outcome::toString).toList();
                long firstSuccessAfterKill = attempts.stream().filter(o -> o.sentAtNanos() >= killedAt && o.answered() && o.status() < 300)
                        .mapToLong(Outcome::endedAtNanos).min().orElse(Long.MAX_VALUE);
                long last503 = errors.stream().map(ServerError::outcome).filter(o -> o.status() == 503).mapToLong(Outcome::endedAtNanos)
                        .max().orElse(killedAt);
                long longestCall = attempts.stream().filter(o -> o.sentAtNanos() >= killedAt && o.sentAtNanos() <= readyAt)
                        .mapToLong(o -> o.endedAtNanos() - o.sentAtNanos()).max().orElse(0) / 1_000_000;
                figures.put("primary killed (SIGKILL keeper + PostgreSQL)", killed.name() + ", promoted: " + promoted.name())
                        .put("kill to promotion (monitor)", ms(promotedAt - killedAt))
                        .put("kill to Laurel ready", ms(readyAt - killedAt))
                        .put("kill to first 2xx (client view)", firstSuccessAfterKill == Long.MAX_VALUE ? "none" : ms(firstSuccessAfterKill - killedAt))
                        .put("kill to last 503", ms(last503 - killedAt))
                        .put("503 answers (Retry-After)", errors.size() - not503.size())
                        .put("other 5xx answers", not503.size())
                        .put("longest answer during the outage", longestCall + " ms")
                        .put("new primary's synchronous settings", cluster.synchronousSettings(promoted));
                SoftAssertions.assertSoftly(soft -> {
                    soft.assertThat(promoted).as("the promoted node").isNotSameAs(killed);
                    soft.assertThat(traffic.failures()).as("calls that never settled").isEmpty();
                    soft.assertThat(not503.stream().map(ServerError::outcome).toList())
                            .as("5xx answers other than 503 (losing the database is a 503 with Retry-After, never a 500)").isEmpty();
                    soft.assertThat(bad503).as("503s without Retry-After or not a problem document").isEmpty();
                    soft.assertThat(errors).as("503s: calls were sent while no primary could write").isNotEmpty();
                    soft.assertThat(firstSuccessAfterKill).as("a call sent after the kill answered 2xx").isLessThan(Long.MAX_VALUE);
                    soft.assertThat(tally.mismatched()).as("accounts whose figures differ from what the answered calls moved "
                            + "(an acknowledged point lost, or a resent call counted twice)").isEmpty();
                    soft.assertThat(tally.pointsLost()).as("acknowledged points lost").isZero();
                    soft.assertThat(tally.pointsDuplicated()).as("points counted twice").isZero();
                    soft.assertThat(verify.get("mismatches").asLong()).as("ledger verify: " + verify).isZero();
                    soft.assertThat(after.get("items")).as("a member's timeline read after the failover").isNotEmpty();
                    soft.assertThat(traffic.callsByKind()).as("calls of each kind").containsKeys("award", "adjustment", "purchase", "sync");
                });
            }
        } finally {
            figures.write();
        }
    }

    /**
     * The endpoints marked for the replica (a member's timeline and campaigns, SessionM's search and point accounts) answer
     * from the hot standby while it is
     * one: it serves them on connections named {@code laurel-read}, in recovery, and the timeline holds a purchase the
     * primary committed (synchronous: the standby has it a moment later). Returns how many connections it served.
     */
    private static long readsFromStandby(ProofHttp http, Traffic traffic, LaurelNode node, ProofProgram program, List<UUID> members,
            AutoFailoverCluster cluster, Node standby) {
        UUID member = members.get(1);
        Outcome bought = traffic.send(traffic.purchase(program, member, 10));
        assertThat(bought).as("a purchase").isNotNull();
        assertThat(bought.status()).as("a purchase: " + bought).isEqualTo(201);
        Await.until("the member's purchase to show on the timeline read from the standby", Duration.ofSeconds(30), () -> {
            JsonNode timeline = http.getOk(node.base(), "/v1/members/" + member + "/timeline", program.adminKey());
            return timeline.toString().contains("purchased");
        });
        http.getOk(node.base(), "/v1/members/" + member + "/campaigns", program.adminKey());
        // SessionM's search, by the member's external id, with their balances: read from the standby too.
        String externalId = http.getOk(node.base(), "/v1/members/" + member, program.adminKey()).get("externalId").asString();
        Outcome found = http.getBasic(node.base(), "/priv/v1/apps/" + program.appKey() + "/users/search?external_id=" + externalId
                + "&expand_incentives=true", program.id(), program.adminKey());
        assertThat(found.status()).as("SessionM search: " + found).isEqualTo(200);
        assertThat(found.body()).as("SessionM search").contains(member.toString());
        Outcome accounts = http.getBasic(node.base(), "/priv/v1/apps/" + program.appKey() + "/users/" + member + "/point_accounts",
                program.id(), program.adminKey());
        assertThat(accounts.status()).as("SessionM point accounts: " + accounts).isEqualTo(200);
        assertThat(AutoFailoverCluster.query(standby.port(), AutoFailoverCluster.DATABASE, "select pg_is_in_recovery()"))
                .as("the node the reads went to is a standby").contains("t");
        String served = AutoFailoverCluster.query(standby.port(), AutoFailoverCluster.DATABASE,
                "select count(*) from pg_stat_activity where application_name = 'laurel-read'").orElse("0");
        assertThat(Long.parseLong(served)).as("Laurel's read connections (application_name laurel-read) on the standby").isPositive();
        return Long.parseLong(served);
    }

    private static String ms(long nanos) {
        return nanos / 1_000_000 + " ms";
    }

    /** Partner awards (some deductions), adjustments and purchases on random members. */
    private static Function<Random, Call> calls(Traffic traffic, ProofProgram program, List<UUID> members) {
        return random -> {
            UUID member = members.get(random.nextInt(members.size()));
            long amount = random.nextInt(150) - 40;
            return switch (random.nextInt(3)) {
                case 0 -> traffic.award(program, member, random.nextInt(5) == 0 ? -(1 + random.nextInt(50)) : 1 + random.nextInt(100),
                        random.nextInt(1_000_000));
                case 1 -> traffic.adjustment(program, member, ProofProgram.MASTER, amount == 0 ? 1 : amount);
                default -> traffic.purchase(program, member, 1 + random.nextInt(200));
            };
        };
    }

    private static void awaitMoreCalls(Traffic traffic, int more) {
        long target = traffic.succeeded() + traffic.refused() + more;
        Await.until("more calls to be answered", Duration.ofMinutes(3), () -> traffic.succeeded() + traffic.refused() >= target);
    }
}
