package dk.vagtcentral.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dk.vagtcentral.protocol.dc09.Dc09Codec;
import dk.vagtcentral.server.Dc09TestClient;
import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.demo.DemoReferenceData;
import dk.vagtcentral.server.dispatch.TestTown;
import dk.vagtcentral.server.auth.Bootstrap;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's desk screenshots, taken in headless Chromium against a server with the demo's reference data at
 * {@code --time-scale 30} (the demo's live traffic and simulated desks belong to the demo launcher, not the server,
 * so the calls on screen are the ones sent here): {@code docs/desk.png} is anna's desk with a
 * citizen card open (after three presses and a battery fault from Odder's pendants, so calls are waiting), and
 * {@code docs/desk-phone.png} the worker mette's at phone size (on a short extra shift, sent to one of them). Not a test; run it with
 * {@code mvn -pl server test -Dtest=DeskScreenshots -Ddesk.screenshots=true} (the directory is
 * {@code -Ddesk.screenshots.dir}, default {@code ../docs}).
 */
@EnabledIfSystemProperty(named = "desk.screenshots", matches = "true")
class DeskScreenshots {
    @TempDir
    Path dataDir;

    @RegisterExtension
    final Browsers browsers = new Browsers("desk-screenshots");

    @Test
    void takeTheDeskScreenshots() throws Exception {
        Path out = Paths.get(System.getProperty("desk.screenshots.dir", "../docs"));
        try (TestServer server = TestServer.start(dataDir, Map.of("demo-reference", true,
                "dispatch.time-scale", 30))) {
            WebDriver anna = browsers.open(Browsers.options("--window-size=1280,1000", "--hide-scrollbars"));
            login(anna, server, "anna");
            // and a few presses from Odder's pendants now, so that anna's desk has calls waiting to be taken
            List<String> odder = DemoReferenceData.ACCOUNTS.stream()
                    .filter(a -> DemoReferenceData.municipalityOf(a).orElse("").equals("odder"))
                    .filter(a -> !DemoReferenceData.MUNICIPAL_CHOICE_ACCOUNTS.contains(a)
                            && !DemoReferenceData.NO_CHOICE_ACCOUNTS.contains(a)
                            && !DemoReferenceData.UNBOUND_ACCOUNTS.contains(a))
                    .toList();
            try (Dc09TestClient client = new Dc09TestClient(server.server.dc09Port())) {
                int seq = 9000;
                for (String account : odder.subList(odder.size() - 3, odder.size())) {
                    client.exchange(Dc09Codec.encode(TestTown.sia(account, seq++, "QA001")));
                }
                client.exchange(Dc09Codec.encode(TestTown.sia(odder.get(odder.size() - 4), seq, "YT002")));
            }
            new WebDriverWait(anna, Duration.ofSeconds(30)).until(d ->
                    d.findElements(By.cssSelector("#queue li.alarm[data-group='WAITING']")).size() >= 2);
            // mette is on a short extra shift now, and anna sends her to the first waiting call, so that mette's
            // phone shows a call of her own
            String metteId = "odder-kystpleje-w1";
            java.time.Instant now = java.time.Instant.now();
            server.post("/api/v1/admin/shifts", new io.vertx.core.json.JsonObject().put("supplierId",
                    "odder-kystpleje").put("workerId", metteId).put("workerName", "Mette Holm").put("role", "BACKUP")
                    .put("start", now.minusSeconds(60).toString()).put("end", now.plusSeconds(1200).toString())
                    .encode());

            List<WebElement> cards = anna.findElements(By.cssSelector("#queue li.alarm[data-group='WAITING'],"
                    + " #queue li.alarm[data-group='ACKNOWLEDGED']"));
            WebElement open = cards.isEmpty() ? anna.findElement(By.cssSelector("#queue li.alarm")) : cards.get(0);
            open.findElement(By.cssSelector("details.more summary")).click();
            new WebDriverWait(anna, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfNestedElementLocatedBy(
                    open, By.cssSelector(".card-body dl")));
            rendered(anna);
            save(anna, out.resolve("desk.png"));
            WebDriver mette = browsers.open(phoneOptions());
            login(mette, server, "mette");
            // anna sends mette to a call, once one shows on mette's phone
            new WebDriverWait(mette, Duration.ofSeconds(30)).pollingEvery(Duration.ofSeconds(1)).until(d -> {
                if (!d.findElements(By.cssSelector("li.alarm.mine")).isEmpty()) {
                    return true;
                }
                List<WebElement> calls = d.findElements(By.cssSelector("#queue li.alarm[data-group='WAITING'],"
                        + " #queue li.alarm[data-group='ACKNOWLEDGED'], #queue li.alarm[data-group='IN_PROGRESS']"));
                if (!calls.isEmpty()) {
                    try {
                        server.post("/api/v1/alarms/" + calls.get(0).getAttribute("data-id") + "/respond",
                                new io.vertx.core.json.JsonObject().put("actor", "anna").put("response", "HELP_SENT")
                                        .put("workerId", "odder-kystpleje-w1").encode());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return false;
            });
            rendered(mette);
            save(mette, out.resolve("desk-phone.png"));
        }
        assertThat(out.resolve("desk.png")).exists();
    }

    /** A phone: Chromium's mobile emulation at 390 x 844 CSS pixels (a window cannot be made that narrow). */
    static ChromeOptions phoneOptions() {
        ChromeOptions o = Browsers.options("--hide-scrollbars");
        o.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of("width", 390, "height", 844,
                "pixelRatio", 2.0, "touch", true)));
        return o;
    }

    /** Until the page has loaded and its fonts are in: what the picture shows is what a person would see. */
    static void rendered(WebDriver d) {
        new WebDriverWait(d, Duration.ofSeconds(10)).until(x -> Boolean.TRUE.equals(((JavascriptExecutor) x)
                .executeScript("return document.readyState === 'complete' && document.fonts.status === 'loaded';")));
    }

    static void login(WebDriver d, TestServer server, String username) {
        d.get(server.baseUrl() + "/desk/");
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        d.findElement(By.id("password")).sendKeys(Bootstrap.DEMO_PASSWORD);
        d.findElement(By.cssSelector("#loginForm button[type='submit']")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "on"));
    }

    static void save(WebDriver d, Path to) throws Exception {
        File f = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(to.toAbsolutePath().getParent());
        Files.copy(f.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("DeskScreenshots: " + to.toAbsolutePath());
    }
}
