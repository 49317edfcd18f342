package dk.vagtcentral.server.web;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the browser tests, as a JUnit extension: {@link #open} starts a browser; after a failed test
 * every open browser is photographed to {@code target/<prefix>-<test>-<n>.png} (with the page's console where it was
 * recorded), and after each test all are quit. {@code .ci/run} installs Debian's {@code chromium} and
 * {@code chromium-driver}; elsewhere {@link #assumeInstalled()} skips the tests with a message.
 */
final class Browsers implements AfterTestExecutionCallback, AfterEachCallback {
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(20);

    private final String prefix;
    private final List<WebDriver> drivers = new CopyOnWriteArrayList<>();

    Browsers(String prefix) {
        this.prefix = prefix;
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing (Debian: apt-get install "
                        + "chromium chromium-driver)");
    }

    /** What every browser here starts with: headless, no sandbox, no GPU, no /dev/shm, and {@code extra}. */
    static ChromeOptions options(String... extra) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage");
        o.addArguments(extra);
        return o;
    }

    WebDriver open(ChromeOptions options) {
        return open(options, Map.of());
    }

    /** A browser whose driver (and so the browser) runs with {@code environment}, e.g. another {@code TZ}. */
    WebDriver open(ChromeOptions options, Map<String, String> environment) {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .withEnvironment(environment).usingAnyFreePort().build();
        WebDriver d = new ChromeDriver(service, options);
        drivers.add(d);
        return d;
    }

    static WebDriverWait waitFor(WebDriver d) {
        WebDriverWait w = new WebDriverWait(d, WAIT);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    /** Runs an interaction until it gets through without meeting a re-rendered (stale) element. */
    static void retrying(WebDriver d, Function<WebDriver, Boolean> action) {
        waitFor(d).until(action::apply);
    }

    @Override
    public void afterTestExecution(ExtensionContext ctx) {
        if (ctx.getExecutionException().isEmpty()) {
            return;
        }
        int i = 0;
        for (WebDriver d : drivers) {
            try {
                File f = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE);
                Path to = Paths.get("target", prefix + "-" + ctx.getRequiredTestMethod().getName() + "-" + i++ + ".png");
                Files.createDirectories(to.getParent());
                Files.copy(f.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
                System.err.println(prefix + ": screenshot " + to.toAbsolutePath() + " (" + d.getCurrentUrl() + ")");
                if (d.manage().logs().getAvailableLogTypes().contains(LogType.BROWSER)) {
                    d.manage().logs().get(LogType.BROWSER)
                            .forEach(l -> System.err.println(prefix + ": browser " + l.getLevel() + " " + l.getMessage()));
                }
            } catch (Exception e) {
                System.err.println(prefix + ": no screenshot: " + e);
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext ctx) {
        for (WebDriver d : drivers) {
            try {
                d.quit();
            } catch (RuntimeException e) {
                System.err.println("quitting browser: " + e);
            }
        }
        drivers.clear();
    }
}
