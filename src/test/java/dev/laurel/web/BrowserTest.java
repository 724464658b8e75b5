package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Catalogue;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.Prerequisites;
import dev.laurel.support.TestProgram;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;

/** The console and the rewards page, end to end in Chromium ({@link BrowserSupport}). */
class BrowserTest extends BrowserSupport {

    @Test
    void an_operator_signs_in_finds_a_member_adjusts_points_and_sends_a_rewards_link_the_member_uses() throws Exception {
        TestProgram program = newProgram(TestProgram.ACME, Map.of("MARIA_PASSWORD", OPERATOR_PASSWORD),
                yaml -> yaml + "operators:\n  - username: maria\n    name: Maria Operator\n    password: ${MARIA_PASSWORD}\n");
        Api api = as(program);
        String member = api.post("/v1/members", "{\"firstName\": \"Zed\", \"lastName\": \"Lei\", \"email\": \"zed@example.com\","
                + " \"externalId\": \"ZTEST002\", \"optedIn\": true}").json().get("id").asString();
        api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"O-1\", \"amount\": \"120.00\", \"currency\": \"USD\","
                + " \"occurredAt\": \"2026-11-01T10:00:00Z\"}");
        // Tier points the operator and the member see alike: the tier-qualifying balance (120 from the purchase, 700 here).
        api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 2, \"amount\": 700, \"description\": \"Tier points\","
                + " \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}");

        signIn(program.id(), "maria", "wrong-password-123");
        assertThat(browser.findElement(By.cssSelector(".problem")).getText()).contains("Wrong program, username or password");
        signIn(program.id(), "maria", OPERATOR_PASSWORD);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Members");

        browser.findElement(By.id("q")).sendKeys("zed@example.com");
        navigate(browser.findElement(By.cssSelector("form[role=search] button")));
        navigate(browser.findElement(By.cssSelector("#members tr[data-member='" + member + "'] a")));
        assertThat(browser.findElement(By.id("member-name")).getText()).isEqualTo("Zed Lei");
        assertThat(balance(1)).isEqualTo("120");
        assertThat(browser.findElement(By.id("tier-level")).getText()).isEqualTo("Base");
        assertThat(browser.findElement(By.id("tier-points")).getText()).isEqualTo("820 tier points · 1,180 to Silver");

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("definitionId"))).selectByValue("1");
        browser.findElement(By.id("amount")).sendKeys("40");
        browser.findElement(By.id("description")).sendKeys("Welcome gift");
        navigate(browser.findElement(By.cssSelector("#adjust button")));
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("Applied: +40 points.");
        assertThat(balance(1)).isEqualTo("160");
        assertThat(browser.findElement(By.id("log")).getText()).contains("Welcome gift");

        navigate(browser.findElement(By.xpath("//button[text()='Create a rewards link']")));
        String link = browser.findElement(By.id("rewards-link")).getAttribute("href");
        assertThat(link).contains("/rewards/");

        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(390, 1600));
        browser.get(link);
        assertThat(browser.findElement(By.id("available")).getText()).isEqualTo("160");
        assertThat(browser.findElement(By.id("tier")).getText()).isEqualTo("Base");
        assertThat(browser.findElement(By.id("tier-points")).getText()).isEqualTo("820 tier points");
        assertThat(browser.findElement(By.id("tier-next")).getText()).isEqualTo("1,180 points to Silver");
        WebElement coffees = browser.findElement(By.cssSelector(".campaign[data-campaign=five-coffees]"));
        assertThat(coffees.findElement(By.cssSelector(".status")).getText()).isEqualTo("Open to you");
        navigate(coffees.findElement(By.tagName("button")));
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("You have joined the campaign.");
        assertThat(browser.findElement(By.cssSelector(".campaign[data-campaign=five-coffees] .status")).getText()).isEqualTo("Joined");
        assertThat(findNow(By.cssSelector(".campaign[data-campaign=five-coffees] button"))).isEmpty();
        // the README's rewards page screenshots are RewardsPageBrowserTest's
        assertThat(api.get("/v1/members/" + member + "/campaigns/five-coffees/progress").json().get("status").asString()).isEqualTo("ENROLLED");

        browser.get(link.substring(0, link.length() - 4) + "AAAA");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This link has expired");
    }

    @Test
    void an_adjustment_on_a_follower_definition_shows_as_sent_to_the_point_master() {
        TestProgram follower = newProgram(TestProgram.POINT_FOLLOWER, Map.of("MARIA_PASSWORD", OPERATOR_PASSWORD),
                yaml -> yaml + "operators:\n  - username: maria\n    password: ${MARIA_PASSWORD}\n");
        String contact = as(follower).post("/v1/members", "{\"firstName\": \"Contact\", \"externalId\": \"C-1\"}").json().get("id").asString();

        signIn(follower.id(), "maria", OPERATOR_PASSWORD);
        browser.get(url("/console/members/" + contact));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("definitionId"))).selectByValue("1");
        browser.findElement(By.id("amount")).sendKeys("40");
        browser.findElement(By.id("description")).sendKeys("Give points from Engage");
        navigate(browser.findElement(By.cssSelector("#adjust button")));

        assertThat(browser.findElement(By.id("notice")).getText()).startsWith("Sent to point master: 40 points");
        assertThat(browser.findElement(By.id("sent")).getText()).contains("QUEUED");
        assertThat(balance(1)).isEqualTo("0");
    }

    @Test
    void an_operator_sees_only_their_programs_members_and_pages_need_a_sign_in() {
        TestProgram mine = newProgram(TestProgram.ACME, Map.of("MARIA_PASSWORD", OPERATOR_PASSWORD),
                yaml -> yaml + "operators:\n  - username: maria\n    password: ${MARIA_PASSWORD}\n");
        TestProgram theirs = newProgram();
        String stranger = as(theirs).post("/v1/members", "{\"email\": \"stranger@example.com\"}").json().get("id").asString();

        browser.get(url("/console/operations"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        signIn(mine.id(), "maria", OPERATOR_PASSWORD);
        browser.get(url("/console?q=stranger@example.com"));
        assertThat(browser.getPageSource()).contains("No member matches.");
        browser.get(url("/console/members/" + stranger));
        assertThat(browser.getPageSource()).contains("member-not-found").doesNotContain("stranger@example.com");
        browser.get(url("/console/operations"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Operations");
        browser.get(url("/console"));
        List<WebElement> inputs = browser.findElements(By.cssSelector("main input"));
        assertThat(inputs).hasSize(3);
        for (WebElement input : inputs) {
            assertThat(browser.findElements(By.cssSelector("label[for='" + input.getAttribute("id") + "']"))).as("label for " + input.getAttribute("id")).hasSize(1);
        }
    }

    @Test
    void in_development_a_program_without_operators_takes_the_development_operator() {
        TestProgram plain = newProgram();

        signIn(plain.id(), "operator", "dev-console-password");

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Members");
        signIn(plain.id(), "operator", "not-the-password");
        assertThat(browser.findElement(By.cssSelector(".problem")).getText()).contains("Wrong program, username or password");
    }

    @Test
    void a_member_redeems_a_reward_through_the_confirmation_page_and_an_operator_cancels_the_voucher_in_the_console() throws Exception {
        TestProgram program = newProgram(TestProgram.ACME, Map.of("MARIA_PASSWORD", OPERATOR_PASSWORD),
                yaml -> yaml + "operators:\n  - username: maria\n    password: ${MARIA_PASSWORD}\n" + Catalogue.REWARDS);
        Api api = as(program);
        String member = api.post("/v1/members", "{\"firstName\": \"Zed\", \"optedIn\": true}").json().get("id").asString();
        award(api, member, 900);

        browser.manage().window().setSize(new Dimension(390, 1600));
        browser.get(url("/rewards/" + links.create(program.id(), UUID.fromString(member))));
        assertThat(findNow(By.cssSelector(".reward[data-reward=gold-lounge]"))).as("a reward for a higher tier").isEmpty();
        assertThat(browser.findElement(By.cssSelector(".reward[data-reward=five-off] .why-not")).getText()).isEqualTo("You need 100 more points.");
        assertThat(browser.findElement(By.cssSelector(".reward[data-reward=partner-gift-card] .why-not")).getText()).isEqualTo("None left.");
        assertThat(findNow(By.cssSelector(".reward[data-reward=five-off] a"))).isEmpty();
        WebElement coffee = browser.findElement(By.cssSelector(".reward[data-reward=free-coffee]"));
        assertThat(coffee.findElement(By.cssSelector(".cost")).getText()).isEqualTo("500 points");
        navigate(coffee.findElement(By.linkText("Redeem Free coffee")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Redeem Free coffee?");
        assertThat(browser.findElement(By.id("after")).getText()).isEqualTo("400");
        navigate(browser.findElement(By.xpath("//button[text()='Confirm']")));

        String notice = browser.findElement(By.id("notice")).getText();
        assertThat(notice).startsWith("You redeemed Free coffee. Your voucher code is ");
        String code = notice.substring(notice.lastIndexOf(' ') + 1, notice.length() - 1);
        WebElement voucher = browser.findElement(By.cssSelector(".voucher[data-code='" + code + "']"));
        assertThat(voucher.findElement(By.cssSelector(".code")).getText()).isEqualTo(code);
        assertThat(voucher.findElement(By.cssSelector(".status")).getText()).isEqualTo("Ready to use");
        // 30 days from 10:00 on 2026-12-02 in New York
        assertThat(voucher.findElement(By.cssSelector(".valid-until")).getText()).isEqualTo("Valid until Jan 1, 2027, 10:00 AM");
        WebElement qr = voucher.findElement(By.cssSelector("svg.qr"));
        assertThat(qr.getAttribute("aria-label")).isEqualTo("QR code of voucher " + code);
        assertThat(qr.findElement(By.tagName("path")).getAttribute("d")).startsWith("M");
        assertThat(browser.findElement(By.id("available")).getText()).isEqualTo("400");
        screenshot("rewards-voucher.png");

        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(desktop);
        signIn(program.id(), "maria", OPERATOR_PASSWORD);
        browser.get(url("/console/members/" + member));
        assertThat(balance(1)).isEqualTo("400");
        WebElement row = browser.findElement(By.cssSelector("#vouchers tr[data-code='" + code + "']"));
        assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("Issued");
        navigate(row.findElement(By.linkText("Cancel")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Cancel voucher " + code + "?");
        navigate(browser.findElement(By.xpath("//button[text()='Cancel the voucher']")));

        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("Voucher " + code + " cancelled: 500 points back.");
        row = browser.findElement(By.cssSelector("#vouchers tr[data-code='" + code + "']"));
        assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("Cancelled");
        assertThat(findNow(By.cssSelector("#vouchers tr[data-code='" + code + "'] a"))).isEmpty();
        assertThat(balance(1)).isEqualTo("900");
        assertThat(api.get("/v1/vouchers/" + code).json().get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void an_operator_voids_a_pending_hold_and_sees_the_catalogue_with_its_code_pool_and_the_cash_out_runs() {
        clock.set(Instant.parse("2030-02-01T15:00:00Z"), true);
        TestProgram program = newProgram(TestProgram.ACME, Map.of("MARIA_PASSWORD", OPERATOR_PASSWORD),
                yaml -> yaml + "operators:\n  - username: maria\n    password: ${MARIA_PASSWORD}\n" + Catalogue.REWARDS + Catalogue.CASH_OUT);
        Api api = as(program);
        String saver = api.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
        award(api, saver, 4500);
        assertThat(api.post("/v1/rewards/partner-gift-card/codes", "[\"GIFT-0001\", \"GIFT-0002\", \"GIFT-0003\"]").status()).isEqualTo(200);
        assertThat(api.post("/v1/members/" + saver + "/redemptions", "{\"rewardId\": \"partner-gift-card\"}").status()).isEqualTo(201);
        String shopper = api.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
        award(api, shopper, 300);
        String hold = api.post("/v1/members/" + shopper + "/holds", "{\"definitionId\": 1, \"points\": 200, \"reference\": \"till-7\"}")
                .json().get("id").asString();

        signIn(program.id(), "maria", OPERATOR_PASSWORD);
        browser.get(url("/console/members/" + shopper));
        assertThat(balance(1)).isEqualTo("100");
        WebElement row = browser.findElement(By.cssSelector("#holds tr[data-hold='" + hold + "']"));
        assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("Pending");
        navigate(row.findElement(By.linkText("Void")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Void the hold for till-7?");
        navigate(browser.findElement(By.xpath("//button[text()='Void the hold']")));
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("Hold for till-7 voided: 200 points back.");
        row = browser.findElement(By.cssSelector("#holds tr[data-hold='" + hold + "']"));
        assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("Void");
        assertThat(findNow(By.cssSelector("#holds tr[data-hold='" + hold + "'] a"))).isEmpty();
        assertThat(balance(1)).isEqualTo("300");

        navigate(browser.findElement(By.linkText("Rewards")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Rewards");
        WebElement pool = browser.findElement(By.cssSelector("#catalogue tr[data-reward=partner-gift-card]"));
        assertThat(pool.findElement(By.cssSelector(".remaining")).getText()).isEqualTo("2");
        assertThat(pool.findElement(By.cssSelector(".pool-available")).getText()).isEqualTo("2");
        assertThat(pool.findElement(By.cssSelector(".pool-used")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector("#catalogue tr[data-reward=free-coffee] .remaining")).getText()).isEqualTo("100");
        assertThat(browser.findElement(By.cssSelector("#catalogue tr[data-reward=five-off] .remaining")).getText()).isEqualTo("no limit");

        navigate(browser.findElement(By.linkText("Cash-outs")));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("No cash-out run yet.");
        clock.set(Instant.parse("2030-04-01T05:00:00Z"), true);
        api.post("/v1/admin/jobs/run", "");
        browser.navigate().refresh();
        WebElement run = browser.findElement(By.cssSelector("#runs tr[data-period='2030-03-31']"));
        assertThat(run.findElement(By.cssSelector(".status")).getText()).isEqualTo("DONE");
        assertThat(run.findElement(By.cssSelector(".members")).getText()).isEqualTo("1");
        assertThat(run.findElement(By.cssSelector(".points")).getText()).isEqualTo("2,000");
        assertThat(run.findElement(By.cssSelector(".value")).getText()).isEqualTo("20.00 USD");
    }

    private static void award(Api api, String member, long points) {
        assertThat(api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": " + points
                + ", \"description\": \"test\", \"source\": \"Manual\", \"userId\": \"u1\", \"userName\": \"Tester\"}").status())
                .isEqualTo(201);
    }

    private String balance(int definitionId) {
        return browser.findElement(By.cssSelector("#accounts tr[data-definition='" + definitionId + "'] .balance")).getText();
    }
}
