package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.Catalogue;
import dev.laurel.support.TestProgram;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The rewards page as a member reads it, in Chromium ({@link BrowserSupport}): each state in words (nothing yet,
 * points on the way, points expiring soon, the top level, no tier system), the card's barcode, three languages, a
 * phone's width, and axe-core's scan of every page, the console's included.
 */
class RewardsPageBrowserTest extends BrowserSupport {

    static final Dimension PHONE = new Dimension(390, 844);
    /** A phone's width, tall enough for a screenshot to show the card, the points and the level. */
    static final Dimension PHONE_SCREENSHOT = new Dimension(390, 1500);

    /** Each test reads the page as an English browser unless it says otherwise. */
    @BeforeEach
    void anEnglishBrowser() {
        browserLanguage("en-US,en");
    }

    @AfterEach
    void backToEnglish() {
        browserLanguage("en-US,en");
    }

    @Test
    void a_new_member_with_nothing_yet_reads_sentences_and_their_card_number_as_a_barcode() {
        TestProgram program = newProgram();
        Api api = as(program);
        String member = member(api, "{\"firstName\": \"Ada\", \"externalId\": \"ACME-0001\", \"optedIn\": true}");

        open(program, member);

        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(text("h1")).isEqualTo("Hello, Ada");
        assertThat(text("#card-number")).isEqualTo("ACME-0001");
        WebElement barcode = browser.findElement(By.cssSelector("#card svg.barcode"));
        assertThat(barcode.getAttribute("aria-label")).isEqualTo("Barcode of card number ACME-0001");
        assertThat(barcode.findElement(By.tagName("path")).getAttribute("d")).isEqualTo(Barcode.of("ACME-0001").path());
        assertThat(text("#available")).isEqualTo("0");
        assertThat(text("#no-points")).isEqualTo("You have no points yet. Every purchase earns points.");
        assertThat(text("#pending")).isEqualTo("No points are on the way.");
        assertThat(text("#expiring")).isEqualTo("None of your points expire in the next 60 days.");
        assertThat(text("#tier")).isEqualTo("Base");
        assertThat(text("#tier-points")).isEqualTo("0 tier points");
        assertThat(text("#tier-next")).isEqualTo("2,000 points to Silver");
        assertThat(findNow(By.id("tier-until"))).as("Base never ends").isEmpty();
        assertThat(text("#rewards")).contains("There are no rewards for you right now.");
        assertThat(text("#history")).contains("Your points history is empty: your purchases and rewards will show here.");
        assertThat(text("main")).doesNotContain("0 more", "0 points to spend", "null");
        assertAccessible("the rewards page of a new member");
    }

    @Test
    void points_on_the_way_are_listed_by_the_day_they_become_available_and_the_history_dates_the_purchase() {
        TestProgram program = newProgram();
        Api api = as(program);
        String member = member(api, "{\"firstName\": \"Ben\", \"optedIn\": true}");
        purchase(api, member, "O-1", "120.00", "2026-11-20T15:00:00Z");
        purchase(api, member, "O-2", "1.00", "2026-11-25T15:00:00Z");

        open(program, member);

        assertThat(text("#available")).isEqualTo("0");
        assertThat(findNow(By.id("no-points"))).as("points on the way are not nothing").isEmpty();
        assertThat(texts("#pending li")).containsExactly("120 points on Dec 20, 2026", "1 point on Dec 25, 2026");
        assertThat(text("#pending")).startsWith("Points from recent purchases become available once the return period ends.");
        assertThat(findNow(By.id("card"))).as("a member without a card number has no card").isEmpty();
        // the day each purchase was made, not the day Laurel recorded it (Dec 2)
        assertThat(texts("#history tbody tr")).containsExactly("Nov 25, 2026 Purchase O-2 pending +1", "Nov 20, 2026 Purchase O-1 pending +120");
        assertAccessible("the rewards page with points on the way");
    }

    @Test
    void points_expiring_soon_are_summed_by_day_in_the_singular_and_the_plural() {
        TestProgram program = newProgram();
        Api api = as(program);
        clock.set(Instant.parse("2026-08-20T15:00:00Z"), true);
        String member = member(api, "{\"firstName\": \"Cy\", \"optedIn\": true}");
        adjust(api, member, 1, 200, "Welcome gift");
        adjust(api, member, 1, 100, "Birthday bonus");
        clock.set(Instant.parse("2026-08-25T15:00:00Z"), true);
        adjust(api, member, 1, 1, "Thanks for the survey");
        adjust(api, member, 1, 1300, "Summer bonus");
        clock.set(Instant.parse("2026-12-02T15:00:00Z"), true);

        open(program, member);

        assertThat(text("#available")).isEqualTo("1,601");
        assertThat(texts("#expiring li")).containsExactly("300 points expire on Dec 20, 2026", "1,301 points expire on Dec 25, 2026");
        assertThat(texts("#history tbody tr")).containsExactly("Aug 25, 2026 Summer bonus +1,300", "Aug 25, 2026 Thanks for the survey +1",
                "Aug 20, 2026 Birthday bonus +100", "Aug 20, 2026 Welcome gift +200");
        assertAccessible("the rewards page with points expiring soon");

        String other = member(api, "{\"optedIn\": true}");
        adjust(api, other, 1, 1, "A single point");
        open(program, other);
        assertThat(text("h1")).isEqualTo("Hello");
        assertThat(text("#available-unit")).isEqualTo("point to spend");
        assertThat(text("#expiring")).as("it expires 4 months on, past the 60 days").isEqualTo("None of your points expire in the next 60 days.");
    }

    @Test
    void a_member_at_the_top_level_reads_that_it_is_the_top_until_when_and_its_benefits_in_the_programs_language() {
        TestProgram program = newProgram(TestProgram.CAFE, Map.of(), yaml -> yaml + "locale: sv\ncardIdentifier: loyalty_card\n");
        Api api = as(program);
        String member = member(api, "{\"firstName\": \"Dag\", \"externalId\": \"C-9\", \"optedIn\": true,"
                + " \"identifiers\": [{\"type\": \"loyalty_card\", \"value\": \"6001234567\"}]}");
        adjust(api, member, 2, 9000, "Level stars");
        api.runJobs();
        assertThat(api.tier(member).get("level").asString()).isEqualTo("Reserve");

        browserLanguage("de-DE,de");
        open(program, member);

        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("sv");
        assertThat(text("h1")).isEqualTo("Hej Dag");
        assertThat(text("#card-number")).isEqualTo("6001234567");
        assertThat(text("#tier")).isEqualTo("Reserve");
        assertThat(text("#tier-points")).isEqualTo("9 000 nivåpoäng");
        assertThat(text("#tier-next")).isEqualTo("Du är på högsta nivån.");
        assertThat(text("#tier-until")).isEqualTo("Din nivå gäller till och med 31 dec. 2027.");
        assertThat(texts("#tier-benefits li")).containsExactly("A free drink on your birthday", "Free refills of filter coffee",
                "50% more stars on purchases", "Reserve tastings twice a year");
        assertThat(text("#tier-multiplier")).isEqualTo("Köp ger 1.5 × poäng på nivån Reserve.");
        assertThat(text("#expiring")).isEqualTo("Inga av dina poäng går ut de närmaste 60 dagarna.");
        assertAccessible("the rewards page at the top level, in Swedish");

        browserLanguage("en-GB,en,sv");
        browser.navigate().refresh();
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(text("#tier-next")).isEqualTo("You are at the top level.");
        assertThat(text("#tier-until")).isEqualTo("Your level lasts until Dec 31, 2027.");
    }

    @Test
    void a_program_without_a_tier_system_shows_no_level() {
        TestProgram program = newProgram(TestProgram.POINT_FOLLOWER);
        String member = member(as(program), "{\"firstName\": \"Eva\", \"externalId\": \"PF-1\"}");

        open(program, member);

        assertThat(findNow(By.id("tier-card"))).isEmpty();
        assertThat(text("#points-h")).isEqualTo("Your points");
        assertThat(text("#card-number")).isEqualTo("PF-1");
        assertAccessible("the rewards page of a program without tiers");
    }

    @Test
    void the_whole_page_reads_in_three_languages_on_a_desktop_and_on_a_phone() throws Exception {
        TestProgram program = newProgram(TestProgram.ACME, Map.of(), yaml -> yaml + "cardIdentifier: loyalty_card\n" + Catalogue.REWARDS);
        Api api = as(program);
        clock.set(Instant.parse("2026-08-20T15:00:00Z"), true);
        String member = member(api, "{\"firstName\": \"Zed\", \"lastName\": \"Lei\", \"externalId\": \"ZTEST002\", \"optedIn\": true,"
                + " \"identifiers\": [{\"type\": \"loyalty_card\", \"value\": \"4000123\"}]}");
        adjust(api, member, 1, 1400, "Welcome gift");
        clock.set(Instant.parse("2026-12-02T15:00:00Z"), true);
        adjust(api, member, 2, 750, "Double points weekend");
        purchase(api, member, "O-1", "120.00", "2026-11-28T17:30:00Z");
        assertThat(api.post("/v1/members/" + member + "/redemptions", "{\"rewardId\": \"free-coffee\"}").status()).isEqualTo(201);

        open(program, member);
        assertThat(text("#card-number")).isEqualTo("4000123");
        assertThat(text("#available")).isEqualTo("900");
        assertThat(texts("#pending li")).containsExactly("120 points on Dec 28, 2026");
        assertThat(texts("#expiring li")).containsExactly("900 points expire on Dec 20, 2026");
        assertThat(text("#tier-next")).isEqualTo("1,250 points to Silver");
        assertThat(text(".reward[data-reward=five-off] .why-not")).isEqualTo("You need 100 more points.");
        assertThat(text("#vouchers .status")).isEqualTo("Ready to use");
        assertThat(texts("#history tbody tr")).containsExactly("Dec 2, 2026 Reward: Free coffee -500", "Nov 28, 2026 Purchase O-1 pending +120",
                "Aug 20, 2026 Welcome gift +1,400");
        assertAccessible("the rewards page, in full");
        screenshot("rewards-desktop.png");

        browser.manage().window().setSize(PHONE);
        browser.navigate().refresh();
        assertNoHorizontalScroll("the rewards page on a phone");
        assertAccessible("the rewards page on a phone");
        browser.manage().window().setSize(PHONE_SCREENSHOT);
        screenshot("rewards.png");
        browser.manage().window().setSize(PHONE);

        browserLanguage("sv-SE,sv,en");
        browser.navigate().refresh();
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("sv");
        assertThat(text("#points-h")).isEqualTo("Dina poäng");
        assertThat(texts("#pending li")).containsExactly("120 poäng den 28 dec. 2026");
        assertThat(texts("#expiring li")).containsExactly("900 poäng går ut den 20 dec. 2026");
        assertThat(text("#tier-next")).isEqualTo("1 250 poäng kvar till Silver");
        assertThat(text(".reward[data-reward=five-off] .why-not")).isEqualTo("Du behöver 100 poäng till.");
        assertNoHorizontalScroll("the rewards page on a phone, in Swedish");
        assertAccessible("the rewards page on a phone, in Swedish");
        browser.manage().window().setSize(PHONE_SCREENSHOT);
        screenshot("rewards-sv.png");

        browserLanguage("es-ES,es");
        browser.manage().window().setSize(desktop);
        browser.navigate().refresh();
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("es");
        assertThat(texts("#pending li")).containsExactly("120 puntos el 28 dic 2026");
        assertThat(texts("#expiring li")).containsExactly("900 puntos caducan el 20 dic 2026");
        assertThat(text("#tier-next")).isEqualTo("Te faltan 1.250 puntos para Silver");
        assertThat(text("#vouchers .status")).isEqualTo("Listo para usar");
        assertThat(texts("#history tbody tr")).first().isEqualTo("2 dic 2026 Recompensa: Free coffee -500");
        assertAccessible("the rewards page in Spanish");

        navigate(browser.findElement(By.cssSelector(".reward[data-reward=free-coffee] a")));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("es");
        assertThat(text("h1")).isEqualTo("¿Canjear Free coffee?");
        assertThat(text("#cost")).isEqualTo("500 puntos");
        assertThat(text("#after")).isEqualTo("400");
        assertAccessible("the confirmation page in Spanish");
        navigate(browser.findElement(By.cssSelector("#confirm button")));
        assertThat(text("#notice")).startsWith("Has canjeado Free coffee. El código de tu vale es ");
        assertThat(text("#available")).isEqualTo("400");

        browser.get(url("/rewards/not-a-link.AAAA"));
        assertThat(text("h1")).isEqualTo("Este enlace ha caducado");
        assertAccessible("the expired link page");
    }

    @Test
    void the_console_pages_as_they_stand_have_no_serious_accessibility_violation() {
        TestProgram program = newProgram();
        Api api = as(program);
        String member = member(api, "{\"firstName\": \"Zed\", \"email\": \"zed@example.com\", \"optedIn\": true}");
        adjust(api, member, 1, 40, "Welcome gift");

        browser.get(url("/console/login"));
        assertAccessible("the console's sign-in page");
        signIn(program.id(), "operator", "dev-console-password");
        assertAccessible("the console's member search");
        browser.get(url("/console/members/" + member));
        assertAccessible("the console's member card");
        browser.get(url("/console/operations"));
        assertAccessible("the console's operations page");
    }

    @Test
    void the_scan_fails_on_a_page_with_a_serious_violation_naming_the_rule_and_the_element() {
        browser.get("data:text/html,<!DOCTYPE html><html lang=en><title>Broken</title><main><img id=photo src=x.png></main></html>");

        assertThatThrownBy(() -> assertAccessible("a page with an image without alt text")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("critical image-alt").hasMessageContaining("#photo");
    }

    private void open(TestProgram program, String member) {
        browser.get(url("/rewards/" + links.create(program.id(), UUID.fromString(member))));
    }


    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private List<String> texts(String css) {
        return findNow(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private static String member(Api api, String json) {
        Response r = api.post("/v1/members", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static void adjust(Api api, String member, int definitionId, long points, String description) {
        Response r = api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": " + definitionId + ", \"amount\": " + points
                + ", \"description\": \"" + description + "\", \"source\": \"Manual\", \"userId\": \"maria\", \"userName\": \"Maria\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private static void purchase(Api api, String member, String orderId, String amount, String occurredAt) {
        Response r = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \"" + amount
                + "\", \"currency\": \"USD\", \"occurredAt\": \"" + occurredAt + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
}
