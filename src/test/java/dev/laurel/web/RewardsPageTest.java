package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.laurel.programs.InvalidProgram;
import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.Catalogue;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The rewards page over plain HTTP: what it shows of a member's points, history, rewards and vouchers, and redeeming. */
class RewardsPageTest extends IntegrationTest {

    static final Pattern HISTORY_ROW = Pattern.compile("<span>(Reward|Qualifying) #(\\d+)</span>");
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    static final Pattern REQUEST_KEY = Pattern.compile("name=\"requestKey\" value=\"([^\"]+)\"");

    @Autowired
    RewardLinks links;

    @Test
    void the_history_shows_a_full_page_of_spendable_entries_however_many_tier_qualifying_ones_lie_between() {
        clock.set(Instant.parse("2026-03-01T15:00:00Z"), true);
        TestProgram program = newProgram();
        Api api = as(program);
        String member = api.post("/v1/members", "{\"firstName\": \"Zed\", \"optedIn\": true}").json().get("id").asString();
        int rewards = RewardsController.LEDGER_ROWS + 5;
        for (int i = 1; i <= rewards; i++) {
            adjust(api, member, 2, "Qualifying #" + (2 * i - 1));
            adjust(api, member, 2, "Qualifying #" + (2 * i));
            adjust(api, member, 1, "Reward #" + i);
        }

        Response page = api().get("/rewards/" + links.create(program.id(), UUID.fromString(member)));

        assertThat(page.status()).isEqualTo(200);
        List<String> rows = new ArrayList<>();
        Matcher row = HISTORY_ROW.matcher(page.body());
        while (row.find()) {
            rows.add(row.group(1) + " #" + row.group(2));
        }
        List<String> newestRewards = new ArrayList<>();
        for (int i = rewards; i > rewards - RewardsController.LEDGER_ROWS; i--) {
            newestRewards.add("Reward #" + i);
        }
        assertThat(rows).containsExactlyElementsOf(newestRewards);
        assertThat(page.body()).contains("<p class=\"big\" id=\"available\">" + rewards + "</p>");
    }

    @Test
    void a_confirmed_redemption_sent_twice_at_once_and_again_later_issues_one_voucher_and_takes_the_points_once() throws Exception {
        clock.set(Instant.parse("2030-02-01T15:00:00Z"), true);
        TestProgram program = Catalogue.program(programs, Catalogue.REWARDS);
        Api api = as(program);
        String member = api.post("/v1/members", "{\"firstName\": \"Zed\", \"optedIn\": true}").json().get("id").asString();
        award(api, member, 1200);
        String token = links.create(program.id(), UUID.fromString(member));

        Response confirm = api().get("/rewards/" + token + "/rewards/free-coffee/redeem");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("<td class=\"num\" id=\"cost\">500 points</td>", "<td class=\"num\" id=\"after\">700</td>");
        Api browser = api().header("Cookie", confirm.header("Set-Cookie").split(";")[0]);
        String form = "rewardId=free-coffee&requestKey=" + find(REQUEST_KEY, confirm.body()) + "&_csrf="
                + URLEncoder.encode(find(CSRF, confirm.body()), StandardCharsets.UTF_8);

        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> browser.send("POST", "/rewards/" + token + "/redemptions", form,
                "application/x-www-form-urlencoded"));
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> browser.send("POST", "/rewards/" + token + "/redemptions", form,
                "application/x-www-form-urlencoded"));
        Response later = first.thenCombine(second, (a, b) -> {
            assertThat(List.of(a.status(), b.status())).containsExactly(302, 302);
            return browser.send("POST", "/rewards/" + token + "/redemptions", form, "application/x-www-form-urlencoded");
        }).get();
        assertThat(later.status()).isEqualTo(302);
        assertThat(later.header("Location")).endsWith("/rewards/" + token);

        var vouchers = api.get("/v1/members/" + member + "/vouchers").json().get("items");
        assertThat(vouchers.size()).isEqualTo(1);
        String code = vouchers.get(0).get("code").asString();
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(700);
        Response page = browser.get(later.header("Location").substring(later.header("Location").indexOf("/rewards/")));
        assertThat(page.body()).contains("You redeemed Free coffee. Your voucher code is " + code + ".", "<p class=\"code\">" + code + "</p>",
                "<p class=\"big\" id=\"available\">700</p>", "<svg class=\"qr\"",
                // 30 days after 10:00 EST on 2030-02-01, in the program's zone
                "Valid until Mar 3, 2030, 10:00 AM");
        var check = api.get("/v1/admin/ledger/verify").json();
        assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
    }

    @Test
    void a_redeem_form_whose_key_redeemed_another_reward_or_is_not_a_key_redeems_nothing() {
        clock.set(Instant.parse("2030-02-01T15:00:00Z"), true);
        TestProgram program = Catalogue.program(programs, Catalogue.REWARDS);
        Api api = as(program);
        String member = api.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
        award(api, member, 3000);
        String token = links.create(program.id(), UUID.fromString(member));
        Response confirm = api().get("/rewards/" + token + "/rewards/free-coffee/redeem");
        Api browser = api().header("Cookie", confirm.header("Set-Cookie").split(";")[0]);
        String csrf = "&_csrf=" + URLEncoder.encode(find(CSRF, confirm.body()), StandardCharsets.UTF_8);
        String key = find(REQUEST_KEY, confirm.body());

        assertThat(browser.send("POST", "/rewards/" + token + "/redemptions", "rewardId=free-coffee&requestKey=" + key + csrf,
                "application/x-www-form-urlencoded").status()).isEqualTo(302);
        assertThat(browser.get("/rewards/" + token).body()).contains("You redeemed Free coffee.");
        browser.send("POST", "/rewards/" + token + "/redemptions", "rewardId=five-off&requestKey=" + key + csrf, "application/x-www-form-urlencoded");
        assertThat(browser.get("/rewards/" + token).body()).contains("This request already redeemed reward &#39;free-coffee&#39;");
        browser.send("POST", "/rewards/" + token + "/redemptions", "rewardId=five-off&requestKey=not-a-key" + csrf, "application/x-www-form-urlencoded");
        assertThat(browser.get("/rewards/" + token).body()).contains("This form is not valid any more");
        assertThat(api().send("POST", "/rewards/" + token + "/redemptions", "rewardId=five-off&requestKey=" + UUID.randomUUID(),
                "application/x-www-form-urlencoded").status()).isEqualTo(403);

        assertThat(api.get("/v1/members/" + member + "/vouchers").json().get("items").size()).isEqualTo(1);
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(2500);
    }

    @Test
    void the_rewards_list_says_why_a_reward_cannot_be_redeemed_and_escapes_the_programs_text() {
        clock.set(Instant.parse("2030-02-01T15:00:00Z"), true);
        TestProgram program = Catalogue.program(programs, Catalogue.REWARDS.replace("name: 5.00 USD off", "name: \"<b>5.00</b> USD off\""));
        Api api = as(program);
        String member = api.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
        award(api, member, 600);

        String page = api().get("/rewards/" + links.create(program.id(), UUID.fromString(member))).body();

        assertThat(page).contains("data-reward=\"free-coffee\"", "Redeem Free coffee", "&lt;b&gt;5.00&lt;/b&gt; USD off", "You need 400 more points.")
                .doesNotContain("<b>5.00</b>", "Redeem &lt;b&gt;", "data-reward=\"gold-lounge\"", "data-reward=\"summer-sale\"");
    }

    @Test
    void a_programs_card_identifier_is_read_and_one_that_is_not_an_identifier_type_is_refused() {
        String acme = TestProgram.sample(TestProgram.ACME).replace("${ACME_API_KEY}", "test-acme-admin-key-0123456789abcdef")
                .replace("${ACME_PARTNER_KEY}", "test-acme-partner-key-0123456789abcdef");
        assertThat(parse(acme).program().cardIdentifier()).isNull();
        assertThat(parse(acme + "cardIdentifier: loyalty_card\n").program().cardIdentifier()).isEqualTo("loyalty_card");

        assertThatThrownBy(() -> parse(acme + "cardIdentifier: loyalty card\n")).isInstanceOfSatisfying(InvalidProgram.class,
                e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("cardIdentifier");
                    assertThat(error.message()).isEqualTo("must be letters, digits, '_', '.', ':' or '-'");
                }));
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        assertThat(m.find()).as(pattern + " in " + body).isTrue();
        return m.group(1);
    }

    private static void award(Api api, String member, long points) {
        Response r = api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": " + points
                + ", \"description\": \"test\", \"source\": \"Manual\", \"userId\": \"u1\", \"userName\": \"Tester\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private static void adjust(Api api, String member, int definitionId, String description) {
        Response r = api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": " + definitionId + ", \"amount\": 1,"
                + " \"description\": \"" + description + "\", \"source\": \"Manual\", \"userId\": \"maria\", \"userName\": \"Maria\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
}
