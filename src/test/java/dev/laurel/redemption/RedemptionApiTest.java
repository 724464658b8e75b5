package dev.laurel.redemption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.Catalogue;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The rewards catalogue, redeeming, and vouchers at the till, end to end over HTTP on ACME with a catalogue
 * ({@link Catalogue#REWARDS}); the ledger and the rewards are verified after every scenario.
 */
class RedemptionApiTest extends IntegrationTest {

    static final Instant START = Instant.parse("2030-02-01T15:00:00Z");

    private TestProgram program;
    private Api api;
    private String member;

    @BeforeEach
    void member() {
        clock.set(START, true);
        program = Catalogue.program(programs, Catalogue.REWARDS);
        api = as(program);
        member = newMember(true);
    }

    @AfterEach
    void ledgerAndRewardsAgree() {
        JsonNode check = api.get("/v1/admin/ledger/verify").json();
        assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
        assertThat(check.get("rewardsChecked").asLong()).isEqualTo(5);
    }

    private String newMember(boolean optedIn) {
        return api.post("/v1/members", "{\"optedIn\": " + optedIn + "}").json().get("id").asString();
    }

    private void award(String memberId, long points) {
        Response r = api.post("/v1/members/" + memberId + "/adjustments", "{\"definitionId\": 1, \"amount\": " + points
                + ", \"description\": \"test\", \"source\": \"Manual\", \"userId\": \"u1\", \"userName\": \"Tester\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private Response redeem(String memberId, String rewardId) {
        return api.post("/v1/members/" + memberId + "/redemptions", "{\"rewardId\": \"" + rewardId + "\"}");
    }

    private long balance(String memberId) {
        return api.get("/v1/members/" + memberId + "/point-accounts").json().get(0).get("balance").asLong();
    }

    private JsonNode catalogued(String rewardId) {
        return api.get("/v1/rewards/" + rewardId).json();
    }

    private static void refused(Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).as(r.toString()).isEqualTo(code);
    }

    @Test
    void the_catalogue_lists_every_reward_with_its_terms_and_what_is_left() {
        Response r = api.get("/v1/rewards");

        assertThat(r.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().forEach(reward -> ids.add(reward.get("id").asString()));
        assertThat(ids).containsExactly("free-coffee", "five-off", "gold-lounge", "summer-sale", "partner-gift-card");
        JsonNode coffee = r.json().get(0);
        assertThat(coffee.get("cost").asLong()).isEqualTo(500);
        assertThat(coffee.get("kind").asString()).isEqualTo("VOUCHER");
        assertThat(coffee.get("item").asString()).isEqualTo("A small coffee");
        assertThat(coffee.get("imageUrl").asString()).isEqualTo("https://example.com/coffee.png");
        assertThat(coffee.get("stock").asLong()).isEqualTo(100);
        assertThat(coffee.get("issued").asLong()).isZero();
        assertThat(coffee.get("remaining").asLong()).isEqualTo(100);
        assertThat(coffee.get("perMemberLimit").asInt()).isEqualTo(2);
        assertThat(coffee.get("voucherValidDays").asInt()).isEqualTo(30);
        assertThat(coffee.get("active").asBoolean()).isTrue();
        assertThat(coffee.get("codes").asString()).isEqualTo("GENERATED");
        JsonNode fiveOff = r.json().get(1);
        assertThat(fiveOff.get("value").get("amount").asString()).isEqualTo("5.00");
        assertThat(fiveOff.get("value").get("currency").asString()).isEqualTo("USD");
        assertThat(fiveOff.get("remaining").isNull()).isTrue();
        assertThat(fiveOff.get("voucherValidDays").asInt()).isEqualTo(365);
        assertThat(r.json().get(2).get("eligibility").get("minTierRank").asInt()).isEqualTo(3);
        assertThat(r.json().get(3).get("active").asBoolean()).isFalse();
        JsonNode pool = r.json().get(4);
        assertThat(pool.get("codes").asString()).isEqualTo("POOL");
        assertThat(pool.get("codesAvailable").asLong()).isZero();
        assertThat(pool.get("remaining").asLong()).isZero();

        assertThat(catalogued("five-off").get("name").asString()).isEqualTo("5.00 USD off");
        refused(api.get("/v1/rewards/no-such-reward"), 404, "reward-not-found");
    }

    @Test
    void a_member_sees_the_rewards_they_are_eligible_for_now_whether_they_can_afford_them_and_why_not() {
        award(member, 700);

        JsonNode offered = api.get("/v1/members/" + member + "/rewards").json();

        List<String> ids = new ArrayList<>();
        offered.forEach(o -> ids.add(o.get("reward").get("id").asString()));
        // gold-lounge needs tier rank 3 (the member is Base, rank 1); summer-sale has not started.
        assertThat(ids).containsExactly("free-coffee", "five-off", "partner-gift-card");
        JsonNode coffee = offered.get(0);
        assertThat(coffee.get("balance").asLong()).isEqualTo(700);
        assertThat(coffee.get("affordable").asBoolean()).isTrue();
        assertThat(coffee.get("canRedeem").asBoolean()).isTrue();
        assertThat(coffee.get("whyNot").isNull()).isTrue();
        JsonNode fiveOff = offered.get(1);
        assertThat(fiveOff.get("affordable").asBoolean()).isFalse();
        assertThat(fiveOff.get("pointsShort").asLong()).isEqualTo(300);
        assertThat(fiveOff.get("whyNot").get("code").asString()).isEqualTo("insufficient-points");
        assertThat(offered.get(2).get("whyNot").get("code").asString()).isEqualTo("out-of-stock");

        redeem(member, "free-coffee");
        award(member, 500);
        redeem(member, "free-coffee");
        JsonNode limited = api.get("/v1/members/" + member + "/rewards").json().get(0);
        assertThat(limited.get("holding").asLong()).isEqualTo(2);
        assertThat(limited.get("whyNot").get("code").asString()).isEqualTo("member-limit-reached");

        String optedOut = newMember(false);
        assertThat(api.get("/v1/members/" + optedOut + "/rewards").json().size()).isZero();
        refused(api.get("/v1/members/00000000-0000-0000-0000-000000000001/rewards"), 404, "member-not-found");
    }

    @Test
    void redeeming_takes_the_cost_earliest_expiring_first_and_issues_a_voucher_in_one_transaction() {
        award(member, 300);
        clock.set(START.plus(Duration.ofDays(20)), true);
        award(member, 400);

        Response r = redeem(member, "free-coffee");

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode voucher = r.json();
        assertThat(voucher.get("code").asString()).matches("[ACDEFGHJKMNPQRTUVWXY34679]{4}-[ACDEFGHJKMNPQRTUVWXY34679]{4}-[ACDEFGHJKMNPQRTUVWXY34679]{4}");
        assertThat(voucher.get("rewardId").asString()).isEqualTo("free-coffee");
        assertThat(voucher.get("item").asString()).isEqualTo("A small coffee");
        assertThat(voucher.get("status").asString()).isEqualTo("ISSUED");
        assertThat(voucher.get("points").asLong()).isEqualTo(500);
        assertThat(voucher.get("memberId").asString()).isEqualTo(member);
        assertThat(Instant.parse(voucher.get("validUntil").asString())).isEqualTo(START.plus(Duration.ofDays(50)));
        // Earned 2030-02-01 and 2030-02-21 in New York, each expiring four months later: 300 from the first, 200 from the second.
        JsonNode buckets = voucher.get("impactedBuckets");
        assertThat(buckets.size()).isEqualTo(2);
        assertThat(buckets.get(0).get("expirationDate").asString()).isEqualTo("2030-06-01");
        assertThat(buckets.get(0).get("points").asLong()).isEqualTo(-300);
        assertThat(buckets.get(1).get("expirationDate").asString()).isEqualTo("2030-06-21");
        assertThat(buckets.get(1).get("points").asLong()).isEqualTo(-200);
        assertThat(r.header("Location")).isEqualTo("/v1/vouchers/" + voucher.get("code").asString());

        assertThat(balance(member)).isEqualTo(200);
        JsonNode spend = api.get("/v1/members/" + member + "/points-log?limit=1").json().get("items").get(0);
        assertThat(spend.get("kind").asString()).isEqualTo("SPEND");
        assertThat(spend.get("amount").asLong()).isEqualTo(-500);
        assertThat(spend.get("source").asString()).isEqualTo("Redemption");
        assertThat(spend.get("reference").asString()).isEqualTo(voucher.get("id").asString());
        assertThat(spend.get("id").asString()).isEqualTo(voucher.get("entryId").asString());
        assertThat(catalogued("free-coffee").get("issued").asLong()).isEqualTo(1);
        assertThat(catalogued("free-coffee").get("remaining").asLong()).isEqualTo(99);
        JsonNode timeline = api.get("/v1/members/" + member + "/timeline").json().get("items");
        List<String> types = new ArrayList<>();
        timeline.forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).contains("reward_redeemed", "points_spent");
    }

    @Test
    void every_refusal_has_its_own_code_and_writes_nothing() {
        award(member, 600);
        refused(redeem(member, "no-such-reward"), 404, "reward-not-found");
        refused(redeem("00000000-0000-0000-0000-000000000001", "free-coffee"), 404, "member-not-found");
        refused(redeem(member, "summer-sale"), 409, "reward-not-active");
        assertThat(redeem(member, "summer-sale").json().get("detail").asString()).contains("starts at 2030-06-01T00:00-04:00");
        refused(redeem(member, "gold-lounge"), 409, "not-eligible");
        assertThat(redeem(member, "gold-lounge").json().get("detail").asString()).contains("tier rank 3");
        refused(redeem(newMember(false), "free-coffee"), 409, "not-eligible");
        refused(redeem(member, "five-off"), 409, "insufficient-points");
        refused(redeem(member, "partner-gift-card"), 409, "out-of-stock");
        refused(api.post("/v1/members/" + member + "/redemptions", "{\"reward\": \"free-coffee\"}"), 400, "invalid-input");
        assertThat(balance(member)).isEqualTo(600);
        assertThat(api.get("/v1/members/" + member + "/vouchers").json().get("items").size()).isZero();

        assertThat(redeem(member, "free-coffee").status()).isEqualTo(201);
        award(member, 1000);
        assertThat(redeem(member, "free-coffee").status()).isEqualTo(201);
        refused(redeem(member, "free-coffee"), 409, "member-limit-reached");
        assertThat(balance(member)).isEqualTo(600);

        clock.set(Instant.parse("2030-09-01T04:00:00Z"), true);
        refused(redeem(member, "summer-sale"), 409, "reward-not-active");
        assertThat(redeem(member, "summer-sale").json().get("detail").asString()).contains("ended at 2030-09-01T00:00-04:00");
    }

    @Test
    void the_last_unit_goes_once_and_then_the_reward_is_out_of_stock() {
        TestProgram small = Catalogue.program(programs, Catalogue.REWARDS.replace("stock: 100", "stock: 1"));
        Api other = as(small);
        String first = other.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
        String second = other.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
        for (String m : List.of(first, second)) {
            other.post("/v1/members/" + m + "/adjustments", "{\"definitionId\": 1, \"amount\": 500, \"description\": \"t\","
                    + " \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}");
        }

        assertThat(other.post("/v1/members/" + first + "/redemptions", "{\"rewardId\": \"free-coffee\"}").status()).isEqualTo(201);
        Response sold = other.post("/v1/members/" + second + "/redemptions", "{\"rewardId\": \"free-coffee\"}");

        refused(sold, 409, "out-of-stock");
        assertThat(other.get("/v1/rewards/free-coffee").json().get("remaining").asLong()).isZero();
        assertThat(other.get("/v1/members/" + second + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(500);
        assertThat(other.get("/v1/admin/ledger/verify").json().get("mismatches").asLong()).isZero();
    }

    @Test
    void a_voucher_is_redeemed_at_the_till_exactly_once_and_a_second_try_says_when() {
        award(member, 500);
        String code = redeem(member, "free-coffee").json().get("code").asString();

        JsonNode seen = api.get("/v1/vouchers/" + code.toLowerCase()).json();
        assertThat(seen.get("valid").asBoolean()).isTrue();
        assertThat(seen.get("reason").isNull()).isTrue();
        assertThat(seen.get("memberId").asString()).isEqualTo(member);
        assertThat(seen.get("item").asString()).isEqualTo("A small coffee");

        clock.set(START.plus(Duration.ofHours(2)), true);
        Response used = api.post("/v1/vouchers/" + code + "/redeem", "");
        assertThat(used.status()).as(used.toString()).isEqualTo(200);
        assertThat(used.json().get("status").asString()).isEqualTo("REDEEMED");
        assertThat(used.json().get("redeemedAt").asString()).isEqualTo("2030-02-01T17:00:00Z");

        Response again = api.post("/v1/vouchers/" + code + "/redeem", "");
        refused(again, 409, "voucher-already-redeemed");
        assertThat(again.json().get("detail").asString()).contains("2030-02-01T17:00:00Z");
        JsonNode after = api.get("/v1/vouchers/" + code).json();
        assertThat(after.get("valid").asBoolean()).isFalse();
        assertThat(after.get("reason").asString()).contains("Redeemed at 2030-02-01T17:00:00Z");
        refused(api.post("/v1/vouchers/" + code + "/cancel", ""), 409, "voucher-already-redeemed");
        refused(api.get("/v1/vouchers/AAAA-AAAA-AAAA"), 404, "voucher-not-found");
        refused(api.post("/v1/vouchers/AAAA-AAAA-AAAA/redeem", ""), 404, "voucher-not-found");
        refused(api().key(newProgram().adminKey()).get("/v1/vouchers/" + code), 404, "voucher-not-found");
        List<String> types = new ArrayList<>();
        api.get("/v1/members/" + member + "/timeline").json().get("items").forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).contains("voucher_redeemed");
    }

    @Test
    void cancelling_gives_the_points_back_to_exactly_their_lots_and_the_unit_back_to_stock() {
        award(member, 300);
        clock.set(START.plus(Duration.ofDays(20)), true);
        award(member, 400);
        JsonNode before = api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("expiring");
        String code = redeem(member, "free-coffee").json().get("code").asString();

        Response r = api.post("/v1/vouchers/" + code + "/cancel", "");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("CANCELLED");
        JsonNode returned = r.json().get("returned");
        assertThat(returned.get("entry").get("kind").asString()).isEqualTo("REVERSAL");
        assertThat(returned.get("entry").get("amount").asLong()).isEqualTo(500);
        assertThat(returned.get("impactedBuckets").get(0).get("expirationDate").asString()).isEqualTo("2030-06-01");
        assertThat(returned.get("impactedBuckets").get(0).get("points").asLong()).isEqualTo(300);
        assertThat(returned.get("impactedBuckets").get(1).get("points").asLong()).isEqualTo(200);
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("expiring")).isEqualTo(before);
        assertThat(balance(member)).isEqualTo(700);
        assertThat(catalogued("free-coffee").get("issued").asLong()).isZero();

        refused(api.post("/v1/vouchers/" + code + "/cancel", ""), 409, "voucher-cancelled");
        refused(api.post("/v1/vouchers/" + code + "/redeem", ""), 409, "voucher-cancelled");
        // A cancelled voucher does not count towards the per-member limit of 2.
        assertThat(redeem(member, "free-coffee").status()).isEqualTo(201);
        award(member, 300);
        assertThat(redeem(member, "free-coffee").status()).isEqualTo(201);
    }

    @Test
    void a_voucher_past_its_valid_until_is_expired_and_keeps_its_points_spent() {
        award(member, 500);
        String code = redeem(member, "free-coffee").json().get("code").asString();
        clock.set(START.plus(Duration.ofDays(30)), true);

        JsonNode seen = api.get("/v1/vouchers/" + code).json();
        assertThat(seen.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(seen.get("valid").asBoolean()).isFalse();
        refused(api.post("/v1/vouchers/" + code + "/redeem", ""), 409, "voucher-expired");
        refused(api.post("/v1/vouchers/" + code + "/cancel", ""), 409, "voucher-expired");

        JsonNode jobs = api.post("/v1/admin/jobs/run", "").json().get("sweeps");
        JsonNode expiry = null;
        for (JsonNode sweep : jobs) {
            if (sweep.get("name").asString().equals("voucher-expiry")) {
                expiry = sweep;
            }
        }
        assertThat(expiry).isNotNull();
        assertThat(expiry.get("processed").asLong()).isEqualTo(1);
        JsonNode listed = api.get("/v1/members/" + member + "/vouchers").json().get("items").get(0);
        assertThat(listed.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(listed.get("expiredAt").asString()).isEqualTo(START.plus(Duration.ofDays(30)).toString());
        assertThat(balance(member)).isZero();
        List<String> types = new ArrayList<>();
        api.get("/v1/members/" + member + "/timeline").json().get("items").forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).contains("voucher_expired");
        // An expired voucher still counts towards the per-member limit: its unit is not given back.
        assertThat(catalogued("free-coffee").get("issued").asLong()).isEqualTo(1);
    }

    @Test
    void a_redemption_sent_again_with_its_idempotency_key_answers_the_first_voucher_and_charges_once() {
        award(member, 1000);
        Api keyed = api.header("Idempotency-Key", "redeem-" + member);

        Response first = keyed.post("/v1/members/" + member + "/redemptions", "{\"rewardId\": \"free-coffee\"}");
        Response again = keyed.post("/v1/members/" + member + "/redemptions", "{\"rewardId\": \"free-coffee\"}");

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("code").asString()).isEqualTo(first.json().get("code").asString());
        assertThat(balance(member)).isEqualTo(500);
        refused(keyed.post("/v1/members/" + member + "/redemptions", "{\"rewardId\": \"five-off\"}"), 422, "idempotency-key-reused");
    }

    @Test
    void codes_uploaded_to_a_pool_are_refused_when_duplicated_and_handed_out_oldest_first() {
        Response json = api.post("/v1/rewards/partner-gift-card/codes", "[\"gift-0001\", \"GIFT-0002\"]");
        assertThat(json.status()).as(json.toString()).isEqualTo(200);
        assertThat(json.json().get("added").asInt()).isEqualTo(2);
        assertThat(json.json().get("available").asLong()).isEqualTo(2);

        Response csv = api.send("POST", "/v1/rewards/partner-gift-card/codes", "code\n\"GIFT-0003\",batch 7\n\n", "text/csv");
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.json().get("added").asInt()).isEqualTo(1);
        assertThat(csv.json().get("available").asLong()).isEqualTo(3);
        Response wrapped = api.post("/v1/rewards/partner-gift-card/codes", "{\"codes\": [\"GIFT-0004\"]}");
        assertThat(wrapped.json().get("available").asLong()).isEqualTo(4);

        Response twice = api.post("/v1/rewards/partner-gift-card/codes", "[\"GIFT-0005\", \"gift-0005\"]");
        refused(twice, 409, "duplicate-codes");
        assertThat(twice.json().get("detail").asString()).contains("GIFT-0005");
        Response taken = api.post("/v1/rewards/partner-gift-card/codes", "[\"GIFT-0006\", \"GIFT-0001\"]");
        refused(taken, 409, "duplicate-codes");
        assertThat(taken.json().get("detail").asString()).contains("GIFT-0001").doesNotContain("GIFT-0006");
        refused(api.post("/v1/rewards/free-coffee/codes", "[\"GIFT-0007\"]"), 409, "codes-not-pooled");
        refused(api.post("/v1/rewards/no-such-reward/codes", "[\"GIFT-0007\"]"), 404, "reward-not-found");
        refused(api.post("/v1/rewards/partner-gift-card/codes", "[\"no spaces allowed\"]"), 400, "invalid-input");
        refused(api.post("/v1/rewards/partner-gift-card/codes", "[]"), 400, "invalid-input");
        refused(api.post("/v1/rewards/partner-gift-card/codes", "{\"codes\": 7}"), 400, "invalid-input");
        refused(api.post("/v1/rewards/partner-gift-card/codes", "[1, 2"), 400, "invalid-input");
        assertThat(catalogued("partner-gift-card").get("codesAvailable").asLong()).isEqualTo(4);

        award(member, 10_000);
        Response gift = redeem(member, "partner-gift-card");
        assertThat(gift.status()).as(gift.toString()).isEqualTo(201);
        assertThat(gift.json().get("code").asString()).isEqualTo("GIFT-0001");
        assertThat(gift.json().get("kind").asString()).isEqualTo("GIFT_CARD");
        assertThat(gift.json().get("value").get("amount").asString()).isEqualTo("20.00");
        assertThat(redeem(member, "partner-gift-card").json().get("code").asString()).isEqualTo("GIFT-0002");
        assertThat(catalogued("partner-gift-card").get("remaining").asLong()).isEqualTo(2);
        // A cancelled voucher's code is not handed out again.
        api.post("/v1/vouchers/GIFT-0002/cancel", "");
        assertThat(redeem(member, "partner-gift-card").json().get("code").asString()).isEqualTo("GIFT-0003");
        assertThat(redeem(member, "partner-gift-card").json().get("code").asString()).isEqualTo("GIFT-0004");
        refused(redeem(member, "partner-gift-card"), 409, "out-of-stock");
    }

    @Test
    void a_members_vouchers_are_listed_newest_first_a_page_at_a_time() {
        award(member, 3000);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clock.set(START.plus(Duration.ofMinutes(i + 1)), true);
            codes.add(redeem(member, "five-off").json().get("code").asString());
        }

        JsonNode first = api.get("/v1/members/" + member + "/vouchers?limit=2").json();
        JsonNode second = api.get("/v1/members/" + member + "/vouchers?limit=2&cursor=" + first.get("nextCursor").asString()).json();

        assertThat(List.of(first.get("items").get(0).get("code").asString(), first.get("items").get(1).get("code").asString(),
                second.get("items").get(0).get("code").asString())).isEqualTo(List.of(codes.get(2), codes.get(1), codes.get(0)));
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(first.get("items").get(0).get("value").get("amount").asString()).isEqualTo("5.00");
        refused(api.get("/v1/members/" + member + "/vouchers?limit=0"), 400, "invalid-input");
        refused(api.get("/v1/members/" + member + "/vouchers?cursor=nonsense"), 400, "invalid-input");
        refused(api.get("/v1/members/00000000-0000-0000-0000-000000000001/vouchers"), 404, "member-not-found");
    }

    @Test
    void a_catalogue_without_rewards_is_empty_and_the_sample_program_has_none() {
        TestProgram acme = newProgram();
        assertThat(as(acme).get("/v1/rewards").json().size()).isZero();
        assertThat(as(acme).get("/v1/cash-outs").json().get("items").size()).isZero();
    }
}
