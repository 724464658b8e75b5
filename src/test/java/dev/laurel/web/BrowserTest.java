package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
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

/**
 * The console and the rewards page in Debian's headless Chromium, driven through Debian's
 * chromedriver (both from the chromium and chromium-driver packages, which .ci/run installs when
 * missing; nothing downloads a browser). Saves the screenshots the README shows.
 */
class BrowserTest extends IntegrationTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("docs", "screenshots");
    static final String OPERATOR_PASSWORD = "maria-console-password-2026";

    static final Duration IMPLICIT_WAIT = Duration.ofSeconds(5);

    private static ChromeDriver browser;
    private static Dimension desktop;

    /** One Chromium for the class (starting one takes seconds); each test still begins signed out at the desktop size. */
    @BeforeAll
    static void startBrowser() throws Exception {
        Prerequisites.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + "; .ci/run installs them)");
        Path profile = Files.createTempDirectory("laurel-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(IMPLICIT_WAIT);
        desktop = browser.manage().window().getSize();
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @BeforeEach
    void signedOutAtDesktopSize() {
        browser.get(url("/actuator/health"));
        browser.manage().deleteAllCookies();
        if (!browser.manage().window().getSize().equals(desktop)) {
            browser.manage().window().setSize(desktop);
        }
        clock.set(Instant.parse("2026-12-02T15:00:00Z"), true);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void signIn(String programId, String username, String password) {
        browser.get(url("/console/login"));
        browser.findElement(By.id("program")).sendKeys(programId);
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        navigate(browser.findElement(By.cssSelector("button[type=submit]")));
    }

    /** Clicks something that loads a new page and waits until the old one is gone, so nothing reads it half-replaced. */
    private void navigate(WebElement target) {
        WebElement page = browser.findElement(By.tagName("html"));
        target.click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(page));
    }

    /**
     * The elements matching {@code by} on the fully loaded page, looked for once: the implicit wait, meant for
     * elements still to appear, would spend all of its 5 s proving that one is absent.
     */
    private List<WebElement> findNow(By by) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        browser.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            return browser.findElements(by);
        } finally {
            browser.manage().timeouts().implicitlyWait(IMPLICIT_WAIT);
        }
    }

    private void screenshot(String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOTS);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void an_operator_signs_in_finds_a_member_adjusts_points_and_sends_a_rewards_link_the_member_uses() throws Exception {
        TestProgram program = newProgram(TestProgram.ACME, Map.of("MARIA_PASSWORD", OPERATOR_PASSWORD),
                yaml -> yaml + "operators:\n  - username: maria\n    name: Maria Operator\n    password: ${MARIA_PASSWORD}\n");
        Api api = as(program);
        String member = api.post("/v1/members", "{\"firstName\": \"Zed\", \"lastName\": \"Lei\", \"email\": \"zed@example.com\","
                + " \"externalId\": \"ZTEST002\", \"optedIn\": true}").json().get("id").asString();
        api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"O-1\", \"amount\": \"120.00\", \"currency\": \"USD\","
                + " \"occurredAt\": \"2026-11-01T10:00:00Z\"}");

        signIn(program.id(), "maria", "wrong-password-123");
        assertThat(browser.findElement(By.cssSelector(".problem")).getText()).contains("Wrong program, username or password");
        signIn(program.id(), "maria", OPERATOR_PASSWORD);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Find a member");

        browser.findElement(By.id("email")).sendKeys("zed@example.com");
        navigate(browser.findElement(By.cssSelector("form[role=search] button")));
        navigate(browser.findElement(By.linkText("Zed Lei (" + member + ")")));
        assertThat(browser.findElement(By.id("member-name")).getText()).isEqualTo("Zed Lei");
        assertThat(balance(1)).isEqualTo("120");
        assertThat(browser.findElement(By.id("tier-level")).getText()).isEqualTo("Base");

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("definitionId"))).selectByValue("1");
        browser.findElement(By.id("amount")).sendKeys("40");
        browser.findElement(By.id("description")).sendKeys("Welcome gift");
        navigate(browser.findElement(By.cssSelector("#adjust button")));
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("Applied: +40 points.");
        assertThat(balance(1)).isEqualTo("160");
        assertThat(browser.findElement(By.id("log")).getText()).contains("Welcome gift");
        screenshot("console-member.png");

        navigate(browser.findElement(By.xpath("//button[text()='Create a rewards link']")));
        String link = browser.findElement(By.id("rewards-link")).getAttribute("href");
        assertThat(link).contains("/rewards/");

        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(390, 1600));
        browser.get(link);
        assertThat(browser.findElement(By.id("available")).getText()).isEqualTo("160");
        assertThat(browser.findElement(By.id("tier")).getText()).isEqualTo("Base");
        WebElement coffees = browser.findElement(By.cssSelector(".campaign[data-campaign=five-coffees]"));
        assertThat(coffees.findElement(By.cssSelector(".status")).getText()).isEqualTo("ELIGIBLE");
        navigate(coffees.findElement(By.tagName("button")));
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("You have joined the campaign.");
        assertThat(browser.findElement(By.cssSelector(".campaign[data-campaign=five-coffees] .status")).getText()).isEqualTo("ENROLLED");
        assertThat(findNow(By.cssSelector(".campaign[data-campaign=five-coffees] button"))).isEmpty();
        screenshot("rewards.png");
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
        browser.get(url("/console?email=stranger@example.com"));
        assertThat(browser.getPageSource()).contains("No member matches.");
        browser.get(url("/console/members/" + stranger));
        assertThat(browser.getPageSource()).contains("member-not-found").doesNotContain("stranger@example.com");
        browser.get(url("/console/operations"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Operations");
        browser.get(url("/console"));
        List<WebElement> inputs = browser.findElements(By.cssSelector("main input"));
        assertThat(inputs).hasSize(4);
        for (WebElement input : inputs) {
            assertThat(browser.findElements(By.cssSelector("label[for='" + input.getAttribute("id") + "']"))).as("label for " + input.getAttribute("id")).hasSize(1);
        }
    }

    @Test
    void in_development_a_program_without_operators_takes_the_development_operator() {
        TestProgram plain = newProgram();

        signIn(plain.id(), "operator", "dev-console-password");

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Find a member");
        signIn(plain.id(), "operator", "not-the-password");
        assertThat(browser.findElement(By.cssSelector(".problem")).getText()).contains("Wrong program, username or password");
    }

    private String balance(int definitionId) {
        return browser.findElement(By.cssSelector("#accounts tr[data-definition='" + definitionId + "'] .balance")).getText();
    }
}
