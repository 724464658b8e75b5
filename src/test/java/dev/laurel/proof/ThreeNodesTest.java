package dev.laurel.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.proof.Traffic.Account;
import dev.laurel.proof.Traffic.BalanceImport;
import dev.laurel.proof.Traffic.Call;
import dev.laurel.proof.Traffic.Gate;
import dev.laurel.proof.Traffic.Tally;
import dev.laurel.proof.Traffic.Workers;
import dev.laurel.support.TestPointMaster;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three Laurel processes on one database, each running every sweep every second, clients spread over
 * them: every pending lot is activated once (Engage syncs with a validFrom a few seconds ahead, real
 * time), every balance-import item is applied once, and every webhook event (adjustments on a follower
 * definition) reaches the point master with one id (a repeat is allowed only as a retry of the same id).
 * Balances are exact and the ledger check finds no mismatch.
 */
class ThreeNodesTest {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final Pattern SWEEP_LOG = Pattern.compile("sweep (\\S+) processed (\\d+)");

    @TempDir
    Path programs;

    @Test
    void three_nodes_sweeping_every_second_activate_apply_and_deliver_everything_once() {
        run(3, 500, 800);
    }

    /** {@code ./mvnw test -Dtest=ThreeNodesTest -DexcludedTestGroups=none -Dlaurel.proof.calls=3000}. */
    @Test
    @Tag("stress")
    void three_nodes_under_a_longer_run() {
        run(3, 1000, Integer.getInteger("laurel.proof.calls", 3000));
    }

    private void run(int nodeCount, int memberCount, int callCount) {
        long seed = Long.getLong("laurel.proof.seed", new Random().nextLong());
        Figures figures = new Figures("ThreeNodesTest").put("seed", seed).put("nodes", nodeCount);
        System.out.println("[proof] ThreeNodesTest seed " + seed);
        ProofProgram program = ProofProgram.create("nodes");
        ProofHttp http = new ProofHttp(CALL_TIMEOUT);
        Clock clock = Clock.systemUTC();
        List<LaurelNode> nodes = new ArrayList<>();
        try (TestPointMaster master = new TestPointMaster(); ProofDatabase db = ProofDatabase.create("nodes")) {
            program.write(programs, master.url());
            Map<String, String> settings = new HashMap<>(db.settings());
            settings.put("LAUREL_PROGRAMS_DIR", programs.toString());
            settings.put("LAUREL_SWEEPS_INTERVAL", "1s");
            try {
                for (int n = 1; n <= nodeCount; n++) {
                    nodes.add(LaurelNode.create("ThreeNodesTest", "node-" + n, settings));
                }
                // Started together, as an orchestrator starts replicas: each applies the same program file.
                nodes.forEach(LaurelNode::launch);
                nodes.forEach(LaurelNode::awaitReady);
                Gate gate = new Gate();
                Traffic traffic = new Traffic(http, () -> nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())).base(), gate);
                List<UUID> members = traffic.createMembers(program, memberCount, 4);
                AtomicBoolean stop = new AtomicBoolean();
                Workers syncs = traffic.start(1, seed,
                        random -> traffic.sync(program, members, CrashTest.SYNC_ITEMS, random, Duration.ofSeconds(4 + random.nextInt(5))),
                        stop::get);
                Workers small = traffic.start(2, seed + 1, CrashTest.smallCalls(traffic, program, members), stop::get);
                Workers forwarded = traffic.start(1, seed + 2, followerAdjustments(traffic, program, members), stop::get);
                BalanceImport balances = Traffic.balanceImport(program, members, 10, new Random(seed),
                        clock.instant().minusSeconds(600), Map.of());
                String importId;
                try {
                    var submitted = traffic.send(balances.call());
                    assertThat(submitted).as("the balance import's answer").isNotNull();
                    assertThat(submitted.status()).as("the balance import: " + submitted).isEqualTo(202);
                    importId = submitted.json().get("id").asString();
                    long target = traffic.succeeded() + traffic.refused() + callCount;
                    Await.until("calls to be answered", Duration.ofMinutes(4), () -> traffic.succeeded() + traffic.refused() >= target);
                    stop.set(true);
                    syncs.join(Duration.ofMinutes(3));
                    small.join(Duration.ofMinutes(3));
                    forwarded.join(Duration.ofMinutes(3));
                } finally {
                    stop.set(true);
                    syncs.cancel();
                    small.cancel();
                    forwarded.cancel();
                }
                URI any = nodes.get(0).base();
                JsonNode status = traffic.awaitImport(any, program, importId, Duration.ofMinutes(3));
                balances.balances().forEach(traffic::expectBalance);
                Set<UUID> events = new LinkedHashSet<>(traffic.webhookEvents());
                Await.until(() -> "every webhook event to reach the point master (" + received(master).size() + " of " + events.size() + ")",
                        Duration.ofMinutes(2), () -> received(master).containsAll(events));
                Tally[] tally = new Tally[1];
                // Pending lots become active by the sweeps once their validFrom has passed: at most a few seconds.
                Await.within(Duration.ofSeconds(60), () -> {
                    tally[0] = traffic.check(any, program, members, true);
                    return tally[0].mismatched().isEmpty();
                });
                long[] pendingAtRecording = new long[1];
                Map<Account, String> activationsOff = activationsOff(http, any, program, traffic.pendingLots().keySet(), pendingAtRecording);
                Map<UUID, Integer> entriesOff = traffic.balanceEntriesOff(any, program, members, balances.rounds());
                JsonNode verify = http.getOk(any, "/v1/admin/ledger/verify", program.adminKey());
                List<String> deliveries = ids(master);
                Set<String> distinct = new LinkedHashSet<>(deliveries);
                Set<String> unknown = new LinkedHashSet<>(distinct);
                events.forEach(e -> unknown.remove(e.toString()));

                CrashTest.record(figures, traffic, tally[0], verify);
                figures.put("items sent with a future validFrom", traffic.pendingLots().values().stream().mapToLong(Long::longValue).sum())
                        .put("lots pending when recorded", pendingAtRecording[0])
                        .put("accounts activated more or less than once", activationsOff.size())
                        .put("import items", (long) members.size() * balances.rounds())
                        .put("import status", status.get("status").asString())
                        .put("webhook events", events.size()).put("webhook deliveries received", deliveries.size())
                        .put("distinct event ids received", distinct.size())
                        .put("unknown event ids", unknown.size());
                for (LaurelNode node : nodes) {
                    figures.put("sweep work on " + node.name(), sweepWork(node));
                }

                SoftAssertions.assertSoftly(soft -> {
                    soft.assertThat(traffic.failures()).as("calls that failed").isEmpty();
                    soft.assertThat(traffic.serverErrors()).as("5xx answers").isEmpty();
                    soft.assertThat(tally[0].mismatched()).as("accounts whose figures differ from what the answered calls moved, pending lots activated")
                            .isEmpty();
                    soft.assertThat(activationsOff).as("accounts whose pending lots were not each made available exactly once").isEmpty();
                    soft.assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("Completed");
                    soft.assertThat(status.get("messages")).as(status.toString()).isEmpty();
                    soft.assertThat(entriesOff).as("members whose balance account does not have one BalanceSync entry per import item").isEmpty();
                    soft.assertThat(unknown).as("event ids the point master received that no adjustment was answered with").isEmpty();
                    soft.assertThat(distinct).as("one delivered id per event").hasSize(events.size());
                    soft.assertThat(verify.get("mismatches").asLong()).as("ledger verify: " + verify).isZero();
                    soft.assertThat(pendingAtRecording[0]).as("lots pending when recorded (else nothing was activated)").isPositive();
                    soft.assertThat(events).as("webhook events (else nothing was delivered)").isNotEmpty();
                });
            } finally {
                nodes.forEach(LaurelNode::kill);
            }
        } finally {
            figures.write();
        }
    }

    /** Adjustments on the TRANSACTIONS follower definition: not applied, each an outbox event for the point master. */
    private static Function<Random, Call> followerAdjustments(Traffic traffic, ProofProgram program, List<UUID> members) {
        return random -> {
            long amount = random.nextInt(101) - 30;
            return traffic.adjustment(program, members.get(random.nextInt(members.size())), ProofProgram.TRANSACTIONS,
                    amount == 0 ? 5 : amount);
        };
    }

    /** The event ids the point master received, each delivery once (in the order received). */
    private static List<String> ids(TestPointMaster master) {
        return master.webhooks().stream().map(w -> ProofHttp.JSON.readTree(w.body()).get("id").asString()).toList();
    }

    private static Set<UUID> received(TestPointMaster master) {
        Set<UUID> ids = new LinkedHashSet<>();
        ids(master).forEach(id -> ids.add(UUID.fromString(id)));
        return ids;
    }

    /**
     * Each pending lot made available once: for every account that was sent pending lots, the timeline has one
     * {@code points_available} event per lot that was still pending when it was recorded (an entry whose
     * validFrom is after its recordedAt: a lot whose validFrom had passed by then was active at once). Returns
     * the accounts where the counts differ; {@code pendingAtRecording} gets the number of such lots.
     */
    private static Map<Account, String> activationsOff(ProofHttp http, URI base, ProofProgram program, Set<Account> accounts,
            long[] pendingAtRecording) {
        Map<Account, String> off = new LinkedHashMap<>();
        for (Account account : accounts) {
            String member = "/v1/members/" + account.member();
            long pending = 0;
            for (JsonNode entry : pages(http, base, program, member + "/points-log?definitionId=" + account.definitionId() + "&limit=500")) {
                if ("EARN".equals(entry.get("kind").asString()) && entry.hasNonNull("validFrom")
                        && Instant.parse(entry.get("validFrom").asString()).isAfter(Instant.parse(entry.get("recordedAt").asString()))) {
                    pending++;
                }
            }
            long available = 0;
            for (JsonNode event : pages(http, base, program, member + "/timeline?limit=1000")) {
                if ("points_available".equals(event.get("type").asString())
                        && event.get("attributes").get("definitionId").asInt() == account.definitionId()) {
                    available++;
                }
            }
            pendingAtRecording[0] += pending;
            if (available != pending) {
                off.put(account, available + " points_available events for " + pending + " lots pending when recorded");
            }
        }
        return off;
    }

    /** Every item of a paged list ({@code items}, {@code nextCursor}). */
    private static List<JsonNode> pages(ProofHttp http, URI base, ProofProgram program, String path) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = http.getOk(base, path + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    program.adminKey());
            page.get("items").forEach(items::add);
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asString() : null;
        } while (cursor != null);
        return items;
    }

    /** What the node's timer sweeps processed, by sweep, from its log ("sweep NAME processed N ..."). */
    private static Map<String, Long> sweepWork(LaurelNode node) {
        Map<String, Long> work = new LinkedHashMap<>();
        for (String line : node.logLines("sweep ")) {
            Matcher m = SWEEP_LOG.matcher(line);
            if (m.find()) {
                work.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
            }
        }
        return work;
    }
}
