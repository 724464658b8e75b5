package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Catalogue;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.Prerequisites;
import dev.laurel.support.TestProgram;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

/**
 * The console and the rewards page in Debian's headless Chromium, driven through Debian's
 * chromedriver (both from the chromium and chromium-driver packages, which .ci/run installs when
 * missing; nothing downloads a browser). Subclasses share one Chromium per class. Saves the screenshots the README shows: to target/screenshots, or to
 * docs/screenshots with {@code -Dlaurel.screenshots=docs/screenshots}, so a test run leaves the checkout as it was.
 */
abstract class BrowserSupport extends IntegrationTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of(System.getProperty("laurel.screenshots", "target/screenshots"));
    static final String OPERATOR_PASSWORD = "maria-console-password-2026";

    static final Duration IMPLICIT_WAIT = Duration.ofSeconds(5);
    /** axe-core from the org.webjars.npm:axe-core test dependency (the pom's {@code axe-core.version}). */
    static final String AXE_SCRIPT = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
    static final Duration AXE_TIMEOUT = Duration.ofSeconds(60);
    private static String axe;

    protected static ChromeDriver browser;
    protected static Dimension desktop;

    @Autowired
    protected RewardLinks links;

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
        browserLanguage(null);
    }

    /**
     * Makes Chromium send {@code acceptLanguage} (null: its own) as every request's Accept-Language, exactly as given;
     * each test starts with Chromium's own.
     */
    protected static void browserLanguage(String acceptLanguage) {
        browser.executeCdpCommand("Network.enable", java.util.Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders",
                java.util.Map.of("headers", acceptLanguage == null ? java.util.Map.of() : java.util.Map.of("Accept-Language", acceptLanguage)));
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected void signIn(String programId, String username, String password) {
        browser.get(url("/console/login"));
        browser.findElement(By.id("program")).sendKeys(programId);
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        navigate(browser.findElement(By.cssSelector("button[type=submit]")));
    }

    /** Clicks something that loads a new page and waits until the old one is gone, so nothing reads it half-replaced. */
    protected void navigate(WebElement target) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", target);
        try {
            target.click();
        } catch (org.openqa.selenium.WebDriverException e) {
            // chromedriver may report this when the click's own navigation replaced the page before it finished looking at
            // the element; the wait below still fails unless the page really was replaced.
            if (e.getMessage() == null || !e.getMessage().contains("does not belong to the document")) {
                throw e;
            }
        }
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> gone(page));
    }

    /**
     * Whether the old page's root is gone. Chromium reports a node of a replaced document either as stale or, while the new
     * document is being built, as "Node with given id does not belong to the document": both mean the old page is gone.
     */
    private static boolean gone(WebElement root) {
        try {
            root.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException stale) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /**
     * The elements matching {@code by} on the fully loaded page, looked for once: the implicit wait, meant for
     * elements still to appear, would spend all of its 5 s proving that one is absent.
     */
    protected List<WebElement> findNow(By by) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        browser.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            return browser.findElements(by);
        } finally {
            browser.manage().timeouts().implicitlyWait(IMPLICIT_WAIT);
        }
    }

    /**
     * Runs axe-core (the webjar's {@code axe.min.js}, read from the test classpath and injected into the page: nothing is
     * fetched from the network) on the current page and fails listing every serious or critical violation: rule,
     * what it asks for and the elements that break it.
     */
    protected void assertAccessible(String pageName) {
        findNow(By.tagName("html"));
        browser.executeScript(axeScript());
        browser.manage().timeouts().scriptTimeout(AXE_TIMEOUT);
        @SuppressWarnings("unchecked")
        List<Object> violations = (List<Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                window.axe.run(document, {resultTypes: ['violations']})
                  .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                  .catch(e => done(['axe failed: ' + e]));
                """);
        assertThat(violations).as("serious or critical accessibility violations on " + pageName + " (" + browser.getCurrentUrl() + ")")
                .isEmpty();
    }

    private static String axeScript() {
        if (axe == null) {
            try (InputStream in = BrowserSupport.class.getClassLoader().getResourceAsStream(AXE_SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException(AXE_SCRIPT + " is not on the test classpath: the pom's axe-core webjar and this version differ");
                }
                axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axe;
    }

    /** Fails when the page is wider than the window: nothing may make a phone scroll sideways. */
    protected void assertNoHorizontalScroll(String pageName) {
        @SuppressWarnings("unchecked")
        List<Long> widths = (List<Long>) browser.executeScript(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        assertThat(widths.get(0)).as(pageName + " is " + widths.get(0) + " px wide in a " + widths.get(1) + " px window")
                .isLessThanOrEqualTo(widths.get(1));
    }

    protected void screenshot(String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOTS);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
