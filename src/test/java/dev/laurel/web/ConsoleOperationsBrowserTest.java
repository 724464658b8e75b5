package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's member list, the operator audit log under Operations, and the console's pages in the reader's language,
 * in Chromium ({@link BrowserSupport}).
 */
class ConsoleOperationsBrowserTest extends BrowserSupport {

    static final String MARIA = "operators:\n  - username: maria\n    name: Maria Operator\n    password: ${MARIA_PASSWORD}\n"
            + "  - username: olle\n    name: Olle Berg\n    password: ${MARIA_PASSWORD}\n";


    @AfterEach
    void backToEnglish() {
        browserLanguage("en-US,en");
    }

    @Test
    void an_operator_lists_the_newest_members_searches_by_prefix_pages_on_and_opens_a_card() throws Exception {
        browserLanguage("en-US,en");
        TestProgram program = newProgram(TestProgram.ACME, Map.of("MARIA_PASSWORD", OPERATOR_PASSWORD), yaml -> yaml + MARIA);
        TestProgram theirs = newProgram();
        as(theirs).post("/v1/members", "{\"firstName\": \"Zelda\", \"email\": \"zelda@example.com\"}");
        Api api = as(program);
        clock.set(Instant.parse("2026-11-01T10:00:00Z"), true);
        for (int i = 1; i <= 27; i++) {
            api.post("/v1/members", "{\"firstName\": \"Shopper\", \"lastName\": \"Number" + i + "\", \"email\": \"shopper" + i + "@example.com\"}");
            clock.advance(Duration.ofHours(1));
        }
        String zed = api.post("/v1/members", "{\"firstName\": \"Zed\", \"lastName\": \"Lei\", \"email\": \"Zed.Lei@example.com\","
                + " \"externalId\": \"ZTEST002\", \"optedIn\": true, \"identifiers\": [{\"type\": \"loyalty_card\", \"value\": \"4000123\"}]}")
                .json().get("id").asString();

        signIn(program.id(), "maria", OPERATOR_PASSWORD);

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Members");
        assertThat(browser.findElement(By.id("members-h")).getText()).isEqualTo("Newest members");
        List<WebElement> rows = browser.findElements(By.cssSelector("#members tbody tr"));
        assertThat(rows).hasSize(25);
        assertThat(rows.get(0).getText()).startsWith("Zed Lei Zed.Lei@example.com ZTEST002 Nov 2, 2026 yes");
        assertThat(rows.get(1).getText()).startsWith("Shopper Number27");
        assertThat(browser.findElement(By.id("members")).getText()).doesNotContain("Zelda");
        screenshot("console-members.png");

        navigate(browser.findElement(By.id("next-page")));
        assertThat(browser.findElements(By.cssSelector("#members tbody tr"))).extracting(WebElement::getText)
                .hasSize(3).anySatisfy(t -> assertThat(t).startsWith("Shopper Number1 "));
        assertThat(findNow(By.id("next-page"))).isEmpty();

        browser.findElement(By.id("q")).sendKeys("shopper number2");
        navigate(browser.findElement(By.cssSelector("form[role=search] button")));
        assertThat(browser.findElement(By.id("members-h")).getText())
                .isEqualTo("Members whose email, name or external id starts with “shopper number2”");
        assertThat(browser.findElements(By.cssSelector("#members tbody tr"))).hasSize(9);

        for (String prefix : List.of("zed.l", "LEI", "ztest", "zed lei")) {
            browser.get(url("/console?q=" + prefix.replace(" ", "+")));
            assertThat(browser.findElements(By.cssSelector("#members tbody tr"))).as(prefix).hasSize(1);
        }
        browser.get(url("/console?q=zelda"));
        assertThat(browser.findElement(By.id("no-members")).getText()).isEqualTo("No member matches.");
        browser.get(url("/console?q=" + "x".repeat(101)));
        assertThat(browser.findElement(By.cssSelector(".problem")).getText()).isEqualTo("Type at most 100 characters.");

        browser.get(url("/console?identifier=loyalty_card:4000123"));
        assertThat(browser.findElement(By.id("members-h")).getText()).isEqualTo("Members with this mobile number or identifier");
        assertThat(browser.findElements(By.cssSelector("#members tbody tr"))).extracting(WebElement::getText).singleElement()
                .satisfies(t -> assertThat(t).startsWith("Zed Lei"));
        browser.get(url("/console?identifier=4000123"));
        assertThat(browser.findElement(By.cssSelector(".problem")).getText()).startsWith("An identifier is type:value");

        browser.get(url("/console?q=zed"));
        navigate(browser.findElement(By.linkText("Zed Lei")));
        assertThat(browser.getCurrentUrl()).endsWith("/console/members/" + zed);
        assertThat(browser.findElement(By.id("member-name")).getText()).isEqualTo("Zed Lei");
    }

    @Test
    void every_console_action_is_in_the_audit_log_newest_first_and_filtered_by_operator_and_by_member() throws Exception {
        browserLanguage("en-US,en");
        TestProgram program = newProgram(TestProgram.ACME, Map.of("MARIA_PASSWORD", OPERATOR_PASSWORD), yaml -> yaml + MARIA);
        Api api = as(program);
        String zed = api.post("/v1/members", "{\"firstName\": \"Zed\", \"lastName\": \"Lei\", \"optedIn\": true}").json().get("id").asString();
        String ann = api.post("/v1/members", "{\"email\": \"ann@example.com\", \"optedIn\": true}").json().get("id").asString();

        clock.set(Instant.parse("2026-12-02T15:00:00Z"), true);
        signIn(program.id(), "olle", OPERATOR_PASSWORD);
        browser.get(url("/console/members/" + ann));
        clock.advance(Duration.ofMinutes(1));
        adjust("1", "25", "Birthday");
        clock.advance(Duration.ofMinutes(1));
        navigate(browser.findElement(By.cssSelector("header button[type=submit]")));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).isEqualTo("You are signed out.");

        clock.set(Instant.parse("2026-12-02T16:29:00Z"), true);
        signIn(program.id(), "maria", OPERATOR_PASSWORD);
        browser.get(url("/console/members/" + zed));
        clock.advance(Duration.ofMinutes(1));
        adjust("1", "500", "Goodwill");
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("Applied: +500 points.");
        clock.advance(Duration.ofMinutes(1));
        adjust("1", "lots", "Typo");
        assertThat(browser.findElement(By.cssSelector(".problem")).getText()).contains("whole number");

        navigate(browser.findElement(By.linkText("Operations")));
        List<WebElement> lines = browser.findElements(By.cssSelector("#audit tbody tr"));
        assertThat(lines).extracting(r -> r.findElement(By.cssSelector(".line")).getText()).containsExactly(
                "Maria Operator adjusted lots points on definition 1: “Typo”",
                "Maria Operator adjusted +500 points on definition 1: “Goodwill”",
                "Maria Operator signed in",
                "Olle Berg signed out",
                "Olle Berg adjusted +25 points on definition 1: “Birthday”",
                "Olle Berg signed in");
        assertThat(lines.get(0).findElement(By.cssSelector(".outcome")).getText()).isEqualTo("refused");
        assertThat(lines.get(0).getText()).contains("The amount must be a whole number of points");
        assertThat(lines.get(1).findElement(By.cssSelector(".outcome")).getText()).isEqualTo("done");
        assertThat(lines.get(1).findElement(By.cssSelector(".member")).getText()).isEqualTo("Zed Lei");
        assertThat(lines.get(1).findElement(By.tagName("td")).getText()).isEqualTo("Dec 2, 2026, 11:30 AM");
        assertThat(lines.get(4).findElement(By.cssSelector(".member")).getText()).isEqualTo("ann@example.com");
        assertThat(lines.get(2).findElements(By.cssSelector(".member"))).isEmpty();
        screenshot("console-audit-log.png");

        navigate(lines.get(1).findElement(By.cssSelector(".by-member")));
        assertThat(browser.findElement(By.id("member-filter")).getAttribute("value")).isEqualTo(zed);
        assertThat(browser.findElements(By.cssSelector("#audit tbody tr .line"))).extracting(WebElement::getText)
                .containsExactly("Maria Operator adjusted lots points on definition 1: “Typo”",
                        "Maria Operator adjusted +500 points on definition 1: “Goodwill”");

        navigate(browser.findElement(By.id("audit-clear")));
        browser.findElement(By.id("operator-filter")).sendKeys("olle");
        navigate(browser.findElement(By.cssSelector("#audit-filter button")));
        assertThat(browser.findElements(By.cssSelector("#audit tbody tr .line"))).extracting(WebElement::getText)
                .containsExactly("Olle Berg signed out", "Olle Berg adjusted +25 points on definition 1: “Birthday”", "Olle Berg signed in");

        browser.get(url("/console/operations?member=not-a-member"));
        assertThat(browser.findElement(By.cssSelector("#audit-h ~ .problem")).getText()).startsWith("A member id looks like");

        TestProgram theirs = newProgram(TestProgram.ACME, Map.of("MARIA_PASSWORD", OPERATOR_PASSWORD), yaml -> yaml + MARIA);
        browser.manage().deleteAllCookies();
        signIn(theirs.id(), "maria", OPERATOR_PASSWORD);
        browser.get(url("/console/operations?member=" + zed));
        assertThat(browser.findElement(By.id("no-actions")).getText()).isEqualTo("No action recorded yet.");
        browser.get(url("/console/operations"));
        assertThat(browser.findElements(By.cssSelector("#audit tbody tr .line"))).extracting(WebElement::getText)
                .containsExactly("Maria Operator signed in");
    }

    @Test
    void the_console_speaks_the_browsers_language_and_else_the_programs() throws Exception {
        TestProgram program = newProgram(TestProgram.ACME, Map.of("MARIA_PASSWORD", OPERATOR_PASSWORD),
                yaml -> yaml + MARIA + "locale: es\n");
        Api api = as(program);
        clock.set(Instant.parse("2026-11-01T10:00:00Z"), true);
        api.post("/v1/members", "{\"firstName\": \"Zed\", \"lastName\": \"Lei\", \"optedIn\": true}");
        clock.set(Instant.parse("2026-12-02T15:00:00Z"), true);

        browserLanguage("sv-SE,sv;q=0.9,en;q=0.5");
        browser.get(url("/console/login"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Logga in");
        assertThat(browser.findElement(By.cssSelector("label[for=password]")).getText()).isEqualTo("Lösenord");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("sv");
        signIn(program.id(), "maria", OPERATOR_PASSWORD);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Medlemmar");
        assertThat(browser.findElement(By.id("members-h")).getText()).isEqualTo("Senaste medlemmarna");
        assertThat(browser.findElement(By.cssSelector("#members tbody tr")).getText()).isEqualTo("Zed Lei 1 nov. 2026 ja");
        assertThat(browser.findElement(By.cssSelector("header nav")).getText()).isEqualTo("Medlemmar · Belöningar · Utbetalningar · Drift");
        navigate(browser.findElement(By.linkText("Drift")));
        assertThat(browser.findElement(By.cssSelector("#audit tbody tr .line")).getText()).isEqualTo("Maria Operator loggade in");
        assertThat(browser.findElement(By.cssSelector("#audit tbody tr td")).getText()).isEqualTo("2 dec. 2026 10:00");
        screenshot("console-operations-sv.png");

        browserLanguage("de-DE,de");
        browser.navigate().refresh();
        assertThat(browser.findElement(By.tagName("h1")).getText()).as("German is not Laurel's: the program's Spanish").isEqualTo("Operaciones");
        assertThat(browser.findElement(By.cssSelector("#audit tbody tr .line")).getText()).isEqualTo("Maria Operator inició sesión");
        navigate(browser.findElement(By.linkText("Recompensas")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Recompensas");
        navigate(browser.findElement(By.linkText("Canjes en efectivo")));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Todavía no se ha hecho ningún canje.");
    }

    private void adjust(String definition, String amount, String description) {
        new Select(browser.findElement(By.id("definitionId"))).selectByValue(definition);
        browser.findElement(By.id("amount")).sendKeys(amount);
        browser.findElement(By.id("description")).sendKeys(description);
        navigate(browser.findElement(By.cssSelector("#adjust button")));
    }
}
