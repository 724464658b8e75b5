package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.TestProgram;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The console's member card in Chromium ({@link BrowserSupport}): headline figures, the timeline as sentences, orders and
 * returns, manual entries with their operator and internal note, reversals with a reason, the profile as a merge patch,
 * opt-in and opt-out with their tier consequence, and the card in Swedish and Spanish.
 */
class ConsoleCardBrowserTest extends BrowserSupport {

    private static final String NOTE = "Ticket 4411: parcel lost, customer called twice";

    @AfterEach
    void browserLanguageBack() {
        browserLanguage(null);
    }

    @Test
    void the_card_shows_headline_figures_orders_and_the_timeline_as_sentences_and_an_operator_reverses_an_entry_with_a_reason() throws Exception {
        TestProgram program = acmeWithMaria();
        Api api = as(program);
        String member = zed(api);

        signIn(program.id(), "maria", OPERATOR_PASSWORD);
        browser.get(url("/console/members/" + member));

        // Headline figures
        assertThat(text("#member-since dd")).isEqualTo("Dec 2, 2026");
        assertThat(text("#last-purchase dd")).isEqualTo("Nov 20, 2026");
        assertThat(text("#lifetime-spend dd")).as("net of the 20.00 USD returned, one sum per currency").isEqualTo("100.00 USD · 49.90 EUR");
        assertThat(text("#lifetime-points dd")).isEqualTo(String.format(java.util.Locale.ENGLISH, "%,d", lifetimeEarned(api, member, 1)));
        JsonNode tier = api.tier(member);
        assertThat(tier.get("level").asString()).isEqualTo("Silver");
        assertThat(text("#current-tier dd")).startsWith("Silver until ").isNotEqualTo("Silver until ");

        // Orders and returns, newest first, with the points each earned and what the return took back
        List<WebElement> orders = browser.findElements(By.cssSelector("#orders tbody tr"));
        assertThat(orders).extracting(r -> r.getAttribute("data-order")).containsExactly("A-1001", "O-1");
        WebElement o1 = browser.findElement(By.cssSelector("#orders tr[data-order='O-1']"));
        assertThat(o1.findElement(By.cssSelector(".amount")).getText()).isEqualTo("120.00 USD");
        assertThat(o1.findElement(By.cssSelector(".returned")).getText()).startsWith("20.00 USD");
        assertThat(o1.findElement(By.cssSelector(".earned")).getText()).isEqualTo("120");
        assertThat(o1.findElement(By.cssSelector(".taken-back")).getText()).isEqualTo("−20");
        assertThat(text("#orders tr[data-order='A-1001'] .amount")).isEqualTo("49.90 EUR");

        // The timeline reads as sentences, Laurel's own events and one sent through the API alike; never a raw map
        String timeline = text("#timeline");
        assertThat(timeline).contains("Earned 500 points: Goodwill, by Maria", "Bought for 49.90 EUR, order A-1001",
                "Returned 20.00 USD of order O-1", "Reached Silver", "Joined campaign Five coffees in December",
                "Store visit: store: Boston · minutes: 12");
        assertThat(timeline).doesNotContain("{", "}", "entryId", "definitionId");

        // Manual entries show who made them, and their internal note
        WebElement goodwill = logRow("Goodwill");
        assertThat(goodwill.findElement(By.cssSelector(".by")).getText()).isEqualTo("Maria");
        assertThat(goodwill.findElement(By.cssSelector(".note-text")).getText()).isEqualTo(NOTE);
        new Select(browser.findElement(By.id("definitionId"))).selectByValue("1");
        browser.findElement(By.id("amount")).sendKeys("40");
        browser.findElement(By.id("description")).sendKeys("Welcome gift");
        browser.findElement(By.id("note")).sendKeys("Asked for it at the desk");
        navigate(browser.findElement(By.cssSelector("#adjust button")));
        assertThat(text("#notice")).isEqualTo("Applied: +40 points.");
        WebElement gift = logRow("Welcome gift");
        assertThat(gift.findElement(By.cssSelector(".by")).getText()).isEqualTo("Maria Operator");
        assertThat(gift.findElement(By.cssSelector(".note-text")).getText()).isEqualTo("Asked for it at the desk");
        screenshot("console-member.png");

        // Reversing an entry: a confirmation page that needs a reason, then the ledger's reversal
        long before = api.balance(member, 1);
        String goodwillId = logRow("Goodwill").getAttribute("data-entry");
        navigate(logRow("Goodwill").findElement(By.cssSelector("a.reverse")));
        assertThat(text("h1")).isEqualTo("Reverse 500 points (Goodwill)?");
        assertThat(text("#confirm-detail")).contains("taken back");
        browser.executeScript("document.getElementById('reason').removeAttribute('required')");
        navigate(browser.findElement(By.cssSelector("#confirm button")));
        assertThat(text("#reason-error")).isEqualTo("Give a reason: it becomes the reversal's description.");
        browser.findElement(By.id("reason")).sendKeys("Goodwill was given twice");
        navigate(browser.findElement(By.cssSelector("#confirm button")));
        assertThat(text("#notice")).isEqualTo("Reversed: 500 points.");
        assertThat(api.balance(member, 1)).isEqualTo(before - 500);
        WebElement reversal = logRow("Goodwill was given twice");
        assertThat(reversal.findElement(By.cssSelector(".by")).getText()).isEqualTo("Maria Operator");
        assertThat(findNow(By.cssSelector("#log tr[data-entry='" + goodwillId + "'] a.reverse"))).as("wholly reversed").isEmpty();
        assertThat(text("#timeline")).contains("Took back 500 points: Goodwill was given twice, by Maria Operator");

        // Reversing it again is refused with a readable sentence, not a 500
        browser.get(url("/console/members/" + member + "/entries/" + goodwillId + "/reverse"));
        browser.findElement(By.id("reason")).sendKeys("Once more");
        navigate(browser.findElement(By.cssSelector("#confirm button")));
        assertThat(text("#problem")).startsWith("This entry cannot be reversed (any more): ");
        assertThat(api.balance(member, 1)).isEqualTo(before - 500);
        assertThat(api.get("/v1/admin/ledger/verify").json().get("mismatches").asLong()).isZero();
    }

    @Test
    void an_operator_edits_the_profile_as_a_merge_patch_and_sees_the_refusal_on_the_form() {
        TestProgram program = acmeWithMaria();
        Api api = as(program);
        String member = api.post("/v1/members", "{\"firstName\": \"Zed\", \"lastName\": \"Lei\", \"email\": \"zed@example.com\","
                + " \"mobileNumber\": \"+15550100\", \"attributes\": {\"favourite\": \"tea\"}, \"optedIn\": true}").json().get("id").asString();

        signIn(program.id(), "maria", OPERATOR_PASSWORD);
        browser.get(url("/console/members/" + member));
        browser.findElement(By.cssSelector("#edit-profile summary")).click();
        WebElement email = browser.findElement(By.id("profile-email"));
        email.clear();
        email.sendKeys("not an email");
        navigate(browser.findElement(By.cssSelector("#profile-form button")));

        assertThat(text("#problem")).isEqualTo("The profile was not saved: see the form.");
        assertThat(browser.findElement(By.id("edit-profile")).getAttribute("open")).isNotNull();
        assertThat(text("#profile-email-error")).isNotBlank();
        assertThat(browser.findElement(By.id("profile-email")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("profile-email")).getAttribute("value")).isEqualTo("not an email");
        assertThat(api.get("/v1/members/" + member).json().get("email").asString()).isEqualTo("zed@example.com");

        WebElement fixed = browser.findElement(By.id("profile-email"));
        fixed.clear();
        fixed.sendKeys("zed.lei@example.com");
        browser.findElement(By.id("profile-city")).sendKeys("Boston");
        browser.findElement(By.id("profile-mobileNumber")).clear();
        navigate(browser.findElement(By.cssSelector("#profile-form button")));

        assertThat(text("#notice")).isEqualTo("Profile saved: 3 fields changed.");
        JsonNode saved = api.get("/v1/members/" + member).json();
        assertThat(saved.get("email").asString()).isEqualTo("zed.lei@example.com");
        assertThat(saved.get("city").asString()).isEqualTo("Boston");
        assertThat(saved.has("mobileNumber") && !saved.get("mobileNumber").isNull()).as("an emptied field is cleared").isFalse();
        assertThat(saved.get("lastName").asString()).as("fields not sent stay").isEqualTo("Lei");
        assertThat(saved.get("attributes").get("favourite").asString()).isEqualTo("tea");
        assertThat(text("#profile")).contains("zed.lei@example.com", "Boston");
    }

    @Test
    void opting_out_and_in_from_the_card_says_first_what_happens_to_the_tier() {
        TestProgram program = acmeWithMaria();
        Api api = as(program);
        String member = api.optedInMember("opt@example.com");
        api.adjust(member, 2, 2500);
        assertThat(api.tier(member).get("level").asString()).isEqualTo("Silver");

        signIn(program.id(), "maria", OPERATOR_PASSWORD);
        browser.get(url("/console/members/" + member));
        navigate(browser.findElement(By.id("opt-out")));
        assertThat(text("#confirm-detail")).isEqualTo("The member is no longer opted in; their points stay. Tier: they lose Silver and go to Unenrolled.");
        assertThat(api.tier(member).get("level").asString()).as("nothing changes before the confirmation").isEqualTo("Silver");
        navigate(browser.findElement(By.cssSelector("#confirm button")));
        assertThat(text("#notice")).isEqualTo("Opted out: tier now Unenrolled.");
        assertThat(text("#opted-in")).isEqualTo("no");
        assertThat(api.get("/v1/members/" + member).json().get("optedIn").asBoolean()).isFalse();
        assertThat(api.balance(member, 2)).isEqualTo(2500);

        navigate(browser.findElement(By.id("opt-in")));
        assertThat(text("#confirm-detail")).isEqualTo("The member is opted in to the program. Tier: from Unenrolled to Silver.");
        navigate(browser.findElement(By.cssSelector("#confirm button")));
        assertThat(text("#notice")).isEqualTo("Opted in: tier now Silver.");
        assertThat(api.tier(member).get("level").asString()).isEqualTo("Silver");
        assertThat(text("#timeline")).contains("Opted out: now Unenrolled", "Opted in: entered Silver");
    }

    @Test
    void the_card_speaks_swedish_and_spanish_with_dates_and_numbers_in_that_language() {
        TestProgram program = acmeWithMaria();
        Api api = as(program);
        String member = zed(api);
        signIn(program.id(), "maria", OPERATOR_PASSWORD);

        browserLanguage("sv-SE,sv;q=0.9");
        browser.get(url("/console/members/" + member));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("sv");
        assertThat(text("#figures-h + dl")).contains("Medlem sedan", "Senaste köp");
        assertThat(text("#member-since dd")).isEqualTo("2 dec. 2026");
        assertThat(text("#lifetime-spend dd")).isEqualTo("100,00 USD · 49,90 EUR");
        assertThat(text("#orders-h")).isEqualTo("Köp och returer");
        assertThat(text("#timeline")).contains("Tjänade 500 poäng: Goodwill, av Maria", "Köpte för 49,90 EUR, order A-1001", "Nådde Silver");
        long tierPoints = api.tier(member).get("tierPoints").asLong();
        java.text.NumberFormat swedish = java.text.NumberFormat.getIntegerInstance(java.util.Locale.forLanguageTag("sv"));
        assertThat(tierPoints).isGreaterThan(999);
        // Swedish groups digits with a (no-break) space, which the browser's text gives as a plain one
        assertThat(text("#tier-points")).isEqualTo((swedish.format(tierPoints) + " nivåpoäng · " + swedish.format(10_000 - tierPoints)
                + " kvar till Gold").replace('\u00a0', ' ')).matches("\\d \\d{3} nivåpoäng · \\d \\d{3} kvar till Gold");

        browserLanguage("es-ES,es;q=0.9");
        browser.get(url("/console/members/" + member));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("es");
        assertThat(text("#member-since dd")).isEqualTo("2 dic 2026");
        assertThat(text("#timeline")).contains("Ganó 500 puntos: Goodwill, por Maria", "Compró por 49,90 EUR, pedido A-1001", "Alcanzó el nivel Silver");
        navigate(logRow("Goodwill").findElement(By.cssSelector("a.reverse")));
        assertThat(text("h1")).isEqualTo("¿Revertir 500 puntos (Goodwill)?");
        assertThat(text("#confirm label")).startsWith("Motivo");

        browser.manage().window().setSize(new Dimension(390, 1600));
        browser.get(url("/console/members/" + member));
        assertThat(text("#figures-h + dl")).contains("Socio desde");
    }

    @Test
    void the_rewards_page_never_shows_an_adjustments_internal_note() {
        TestProgram program = acmeWithMaria();
        Api api = as(program);
        String member = api.optedInMember("noted@example.com");
        assertThat(api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": 300, \"description\": \"Sorry for the wait\","
                + " \"note\": \"" + NOTE + "\", \"source\": \"Manual\", \"userId\": \"u1\", \"userName\": \"Maria\"}").status()).isEqualTo(201);

        browser.get(url("/rewards/" + links.create(program.id(), UUID.fromString(member))));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Sorry for the wait");
        assertThat(browser.getPageSource()).doesNotContain(NOTE).doesNotContain("Ticket 4411");

        signIn(program.id(), "maria", OPERATOR_PASSWORD);
        browser.get(url("/console/members/" + member));
        assertThat(logRow("Sorry for the wait").findElement(By.cssSelector(".note-text")).getText()).isEqualTo(NOTE);
    }

    private TestProgram acmeWithMaria() {
        return newProgram(TestProgram.ACME, Map.of("MARIA_PASSWORD", OPERATOR_PASSWORD),
                yaml -> yaml + "operators:\n  - username: maria\n    name: Maria Operator\n    password: ${MARIA_PASSWORD}\n");
    }

    /**
     * Zed: two purchases in two currencies (20.00 USD of the first returned), 500 goodwill points by Maria with an internal
     * note, 2,500 tier points (Silver), the five-coffees campaign joined and a store visit sent through the timeline API.
     */
    private static String zed(Api api) {
        String member = api.post("/v1/members", "{\"firstName\": \"Zed\", \"lastName\": \"Lei\", \"email\": \"zed@example.com\","
                + " \"externalId\": \"ZTEST002\", \"optedIn\": true}").json().get("id").asString();
        ok(api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"O-1\", \"amount\": \"120.00\", \"currency\": \"USD\","
                + " \"occurredAt\": \"2026-11-01T10:00:00Z\"}"));
        ok(api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"A-1001\", \"amount\": \"49.90\", \"currency\": \"EUR\","
                + " \"occurredAt\": \"2026-11-20T16:30:00Z\"}"));
        ok(api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"O-1\", \"amount\": \"20.00\"}"));
        ok(api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": 500, \"description\": \"Goodwill\","
                + " \"note\": \"" + NOTE + "\", \"source\": \"Manual\", \"userId\": \"u-maria\", \"userName\": \"Maria\"}"));
        ok(api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 2, \"amount\": 2451, \"description\": \"Tier points\","
                + " \"source\": \"Automation\", \"reason\": \"Migration\", \"processId\": \"p-1\", \"workflowId\": \"w-1\", \"workflowName\": \"Tier import\"}"));
        ok(api.post("/v1/members/" + member + "/campaigns/five-coffees/enrollment", ""));
        ok(api.post("/v1/members/" + member + "/events", "{\"type\": \"store_visit\", \"occurredAt\": \"2026-12-01T12:00:00Z\","
                + " \"attributes\": {\"store\": \"Boston\", \"minutes\": 12, \"basket\": {\"items\": 3}}}"));
        return member;
    }

    private static void ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 299);
    }

    private static long lifetimeEarned(Api api, String member, int definitionId) {
        for (JsonNode a : api.get("/v1/members/" + member + "/point-accounts").json()) {
            if (a.get("definitionId").asInt() == definitionId) {
                return a.get("lifetimeEarned").asLong();
            }
        }
        throw new AssertionError("no account " + definitionId);
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    /** The points log's row whose description is {@code description}. */
    private WebElement logRow(String description) {
        return browser.findElement(By.xpath("//table[@id='log']//tr[.//span[@class='description' and text()='" + description + "']]"));
    }

}
