package dev.laurel.redemption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.Posting;
import dev.laurel.members.MemberDraft;
import dev.laurel.members.Members;
import dev.laurel.platform.Sweep;
import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.Catalogue;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Redemption under concurrency, over real HTTP and the real database: the last units of a reward, one member's
 * points, a hold's capture and void, and a cash-out run swept by three nodes at once. The @Timeouts only guard
 * against a deadlock hanging the build.
 */
class RedemptionConcurrencyTest extends IntegrationTest {

    static final Instant START = Instant.parse("2030-02-01T15:00:00Z");

    @Autowired
    Members members;

    @Autowired
    Ledger ledger;

    @Autowired
    Redemptions redemptions;

    @Autowired
    List<Sweep> sweeps;

    private final List<Api> checked = new ArrayList<>();

    @AfterEach
    void ledgersAgree() {
        for (Api api : checked) {
            JsonNode check = api.get("/v1/admin/ledger/verify").json();
            assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
        }
    }

    private Api program(String sections) {
        clock.set(START, true);
        Api api = as(Catalogue.program(programs, sections));
        checked.add(api);
        return api;
    }

    private static String member(Api api, long points) {
        String id = api.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
        Response r = api.post("/v1/members/" + id + "/adjustments", "{\"definitionId\": 1, \"amount\": " + points
                + ", \"description\": \"t\", \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return id;
    }

    /** Runs the calls at once (all released by one barrier) and returns their answers, in order. */
    private static <T> List<T> together(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CyclicBarrier start = new CyclicBarrier(calls.size());
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Integer> outcomes(List<Response> answers) {
        Map<String, Integer> counts = new HashMap<>();
        for (Response r : answers) {
            counts.merge(r.status() == 201 || r.status() == 200 ? "ok" : r.json().get("code").asString(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void fifty_members_racing_for_the_last_ten_units_get_exactly_ten_vouchers() throws Exception {
        Api api = program(Catalogue.REWARDS.replace("stock: 100", "stock: 10"));
        List<String> racers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            racers.add(member(api, 500));
        }

        List<Response> answers = together(racers.stream().<Callable<Response>>map(m -> () -> api.post("/v1/members/" + m + "/redemptions",
                "{\"rewardId\": \"free-coffee\"}")).toList());

        assertThat(outcomes(answers)).isEqualTo(Map.of("ok", 10, "out-of-stock", 40));
        JsonNode reward = api.get("/v1/rewards/free-coffee").json();
        assertThat(reward.get("issued").asLong()).isEqualTo(10);
        assertThat(reward.get("remaining").asLong()).isZero();
        long codes = answers.stream().filter(r -> r.status() == 201).map(r -> r.json().get("code").asString()).distinct().count();
        assertThat(codes).isEqualTo(10);
        int spent = 0;
        for (String m : racers) {
            long balance = api.get("/v1/members/" + m + "/point-accounts").json().get(0).get("balance").asLong();
            assertThat(balance).isIn(0L, 500L);
            spent += balance == 0 ? 1 : 0;
        }
        assertThat(spent).isEqualTo(10);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void one_member_redeeming_at_once_with_points_for_one_voucher_gets_exactly_one() throws Exception {
        Api api = program(Catalogue.REWARDS);
        // free-coffee has a per-member limit (decided under the member's lock first); five-off has none.
        for (String[] reward : new String[][] {{"free-coffee", "500"}, {"five-off", "1000"}}) {
            String member = member(api, Long.parseLong(reward[1]));
            AtomicInteger key = new AtomicInteger();

            List<Response> answers = together(IntStream.range(0, 8).<Callable<Response>>mapToObj(i -> () -> api
                    .header("Idempotency-Key", "race-" + member + "-" + key.incrementAndGet())
                    .post("/v1/members/" + member + "/redemptions", "{\"rewardId\": \"" + reward[0] + "\"}")).toList());

            assertThat(outcomes(answers)).as(reward[0]).isEqualTo(Map.of("ok", 1, "insufficient-points", 7));
            assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong()).isZero();
            assertThat(api.get("/v1/members/" + member + "/vouchers").json().get("items").size()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void a_capture_racing_a_void_has_exactly_one_winner() throws Exception {
        Api api = program("");
        String member = member(api, 10_000);
        for (int round = 0; round < 20; round++) {
            String hold = api.post("/v1/members/" + member + "/holds", "{\"definitionId\": 1, \"points\": 100, \"reference\": \"r" + round + "\"}")
                    .json().get("id").asString();

            List<Response> answers = together(List.of(() -> api.post("/v1/holds/" + hold + "/capture", ""),
                    () -> api.post("/v1/holds/" + hold + "/void", "")));

            assertThat(outcomes(answers)).as("round " + round + ": " + answers).isEqualTo(Map.of("ok", 1, "hold-not-pending", 1));
            String winner = answers.get(0).status() == 200 ? "CLAIMED" : "VOID";
            assertThat(api.get("/v1/holds/" + hold).json().get("status").asString()).isEqualTo(winner);
        }
        JsonNode account = api.get("/v1/members/" + member + "/point-accounts").json().get(0);
        assertThat(account.get("held").asLong()).isZero();
        assertThat(account.get("balance").asLong() + account.get("lifetimeSpent").asLong()).isEqualTo(10_000);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void a_cash_out_run_swept_by_three_nodes_at_once_converts_each_member_once() throws Exception {
        TestProgram program = Catalogue.program(programs, Catalogue.CASH_OUT);
        checked.add(as(program));
        clock.set(START, true);
        DefinitionPolicy policy = new DefinitionPolicy(1, 4, false, ZoneId.of("America/New_York"));
        List<UUID> converted = new ArrayList<>();
        List<Posting> awards = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            UUID id = members.create(program.id(), new MemberDraft(null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, true, null, null)).id().value();
            converted.add(id);
            awards.add(Posting.of(id, policy, 2000 + i % 3 * 1000, "Manual", "cash-out test"));
            if (awards.size() == Ledger.POSTINGS_MAX) {
                ledger.postMany(program.id(), awards);
                awards.clear();
            }
        }
        ledger.postMany(program.id(), awards);
        clock.set(CashOutApiTest.QUARTER_OVER, true);
        Sweep cashOut = sweeps.stream().filter(s -> s.name().equals("cash-out")).findFirst().orElseThrow();

        List<Long> processed = together(List.<Callable<Long>>of(() -> sweepUntilDone(cashOut, program), () -> sweepUntilDone(cashOut, program),
                () -> sweepUntilDone(cashOut, program)));

        assertThat(processed.stream().mapToLong(Long::longValue).sum()).isEqualTo(1_200);
        JsonNode run = as(program).get("/v1/cash-outs/2030-03-31").json();
        assertThat(run.get("status").asString()).isEqualTo("DONE");
        assertThat(run.get("membersConverted").asLong()).isEqualTo(1_200);
        assertThat(run.get("points").asLong()).isEqualTo(400 * 2000 + 400 * 2000 + 400 * 4000);
        for (UUID member : converted) {
            List<Voucher> cards = redemptions.vouchers(program.id(), member, null, 10).vouchers();
            assertThat(cards).as("gift cards of %s", member).hasSize(1);
            assertThat(cards.get(0).cashOutPeriod()).isEqualTo(LocalDate.parse("2030-03-31"));
        }
    }

    /** One node: sweeps until the run is done, returning the members it converted. */
    private long sweepUntilDone(Sweep cashOut, TestProgram program) {
        long converted = 0;
        for (int i = 0; i < 1_000; i++) {
            converted += cashOut.run(Optional.of(program.id())).processed();
            if ("DONE".equals(as(program).get("/v1/cash-outs/2030-03-31").json().path("status").asString(""))) {
                return converted;
            }
        }
        throw new AssertionError("the run was not done after 1,000 sweeps");
    }
}
