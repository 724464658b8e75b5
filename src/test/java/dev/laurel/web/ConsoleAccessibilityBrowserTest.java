package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Catalogue;
import dev.laurel.support.TestProgram;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * axe-core's scan (serious and critical violations) of every console page, each with something on it: the sign-in page,
 * the member list and a search, the member card of a member with orders, a return, adjustments, a voucher, a hold and a
 * tier, each confirmation page the card leads to, the audit log (all of it and filtered), the rewards catalogue and the
 * cash-out runs; in English and again in Swedish (a program whose language is Swedish, for a browser asking for German).
 */
class ConsoleAccessibilityBrowserTest extends BrowserSupport {

    @Test
    void every_console_page_has_no_serious_accessibility_violation_in_english() {
        scanEveryPage(Catalogue.program(programs, Catalogue.REWARDS + Catalogue.CASH_OUT), "en");
    }

    @Test
    void every_console_page_has_no_serious_accessibility_violation_in_swedish() {
        browserLanguage("de-DE,de");  // a language Laurel does not have: the program's is taken
        scanEveryPage(Catalogue.program(programs, Catalogue.REWARDS + Catalogue.CASH_OUT + "locale: sv\n"), "sv");
    }

    private void scanEveryPage(TestProgram program, String language) {
        Api api = as(program);
        String member = ok(api.post("/v1/members", "{\"firstName\": \"Zed\", \"lastName\": \"Lei\", \"email\": \"zed@example.com\","
                + " \"externalId\": \"Z-1\", \"optedIn\": true}")).json().get("id").asString();
        ok(api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"A-1\", \"amount\": \"120.00\", \"currency\": \"USD\","
                + " \"occurredAt\": \"" + clock.instant() + "\"}"));
        ok(api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"A-1\", \"amount\": \"20.00\"}"));
        ok(api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": 3000, \"description\": \"Welcome gift\","
                + " \"note\": \"Complaint 42\", \"source\": \"Manual\", \"userId\": \"maria\", \"userName\": \"Maria\"}"));
        String code = ok(api.post("/v1/members/" + member + "/redemptions", "{\"rewardId\": \"five-off\"}")).json().get("code").asString();
        String hold = ok(api.post("/v1/members/" + member + "/holds", "{\"definitionId\": 1, \"points\": 70, \"reference\": \"till-1\"}"))
                .json().get("id").asString();
        String entry = api.get("/v1/members/" + member + "/points-log").json().get("items").get(0).get("id").asString();

        browser.get(url("/console/login"));
        assertAccessible("the sign-in page");
        signIn(program.id(), "operator", "dev-console-password");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
        assertAccessible("the member list");
        browser.get(url("/console?q=zed"));
        assertAccessible("the member list searched");
        browser.get(url("/console/members/" + member));
        assertThat(findNow(By.cssSelector("main")).get(0).getText()).contains("A-1");
        assertAccessible("the member card");
        for (String confirmation : new String[] {"/opt-out", "/entries/" + entry + "/reverse", "/vouchers/" + code + "/cancel",
                "/holds/" + hold + "/void"}) {
            browser.get(url("/console/members/" + member + confirmation));
            assertAccessible("the confirmation page " + confirmation);
        }
        browser.get(url("/console/members/" + member));
        navigate(browser.findElement(By.cssSelector("form[action$='/rewards-link'] button")));
        browser.get(url("/console/operations"));
        assertAccessible("operations with the audit log");
        browser.get(url("/console/operations?member=" + member));
        assertAccessible("the audit log of one member");
        browser.get(url("/console/rewards"));
        assertAccessible("the rewards catalogue");
        browser.get(url("/console/cash-outs"));
        assertAccessible("the cash-out runs");
    }

    private static Api.Response ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 299);
        return r;
    }
}
