package dk.vagtcentral.server.web;

import static dk.vagtcentral.server.web.Browsers.retrying;
import static dk.vagtcentral.server.web.Browsers.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.dispatch.TestTown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The supervisor console in headless Chromium, as karen (supervisor of Testby) uses it, against an in-process server
 * ({@code dispatch.time-scale} 120: a call nobody answers is forwarded when its 15 s window ends). The browser runs
 * in New York time, so every time the page shows must have been put in Copenhagen time by the page itself.
 * Skipped, with a message, where {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing. A failing
 * test leaves a screenshot in {@code target/console-*.png}.
 *
 * <p>{@code -Dconsole.screenshot=../docs/console.png} (with {@code -Dtest=ConsoleBrowserTest#screenshot}) takes the
 * README's picture instead: the demo (its reference data, traffic and simulated desks at 300 times speed), karen of
 * Odder on the justifications tab once one waits for her decision.
 */
class ConsoleBrowserTest {
    static final String PW = "console-test-password";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final AtomicInteger SEQ = new AtomicInteger(600);
    static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");
    static final String OTHER = "testby-other";

    @TempDir
    static Path dataDir;
    static TestServer server;
    static String anna;

    @RegisterExtension
    final Browsers browsers = new Browsers("console");

    @BeforeAll
    static void start() throws Exception {
        Browsers.assumeInstalled();
        if (System.getProperty("console.screenshot") != null) {
            return; // the screenshot runs its own demo server
        }
        server = TestServer.start(dataDir, Map.of("dispatch.time-scale", 120));
        TestTown.create(server.baseUrl(), null);
        // a second private supplier, named to sort after the first in Danish (Æ after O)
        HttpResponse<String> r = server.post("/api/v1/admin/suppliers", new JsonObject().put("id", OTHER)
                .put("municipalityId", TestTown.MUNICIPALITY).put("name", "Testby Ældrepleje ApS")
                .put("kind", "PRIVATE_CARE").put("phone", "70991003").encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        server.createUser("karen", PW, "SUPERVISOR", null, TestTown.MUNICIPALITY, null);
        server.createUser("anna", PW, "DISPATCHER", TestTown.CARE, null, null);
        anna = TestServer.login(server.baseUrl(), "anna", PW);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * A forwarded call's justification is read and decided on the console where its text is: the reject needs a
     * reason; the supplier's second version arrives live beside the first and the rejection; the accept names
     * version 2, and the API keeps who decided which version.
     */
    @Test
    void aJustificationIsReadAndDecidedWhereItsTextIs() throws Exception {
        WebDriver karen = console(server.baseUrl(), "karen", PW);
        JavascriptExecutor js = (JavascriptExecutor) karen;
        js.executeScript("window.__sameDocument = true;");
        tab(karen, "justifications");

        // two forwarded calls: the one decided here is the second on the list (due later)
        long earlier = TestTown.send(server, SEQ.incrementAndGet(), "1002", "QA001");
        // the second is routed, so forwarded and due, at least a second after the first
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> TestTown.alarm(server, earlier).getJsonObject("routing") != null);
        long alarm = TestTown.send(server, SEQ.incrementAndGet(), "1001", "QA001");
        JsonObject open = await().atMost(Duration.ofSeconds(60)).until(() -> justificationOf(alarm),
                j -> j != null && j.getString("state").equals("OPEN"));
        JsonObject first = await().atMost(WAIT).until(() -> justificationOf(earlier), j -> j != null);
        long id = open.getLong("id");
        String article = "article[data-justification='" + id + "']";
        waitFor(karen).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(article)));
        waitFor(karen).until(d -> d.findElements(By.cssSelector("#justifications article.case")).size() >= 2);
        assertThat(karen.findElements(By.cssSelector("#justifications article.case")).get(0)
                .getAttribute("data-justification")).isEqualTo(String.valueOf(first.getLong("id")));

        submit(id, "Vagten var hos en anden borger; backup svarede ikke (version 1).");
        // the text arrives on the open console, and the tab's count with it
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(article),
                "backup svarede ikke (version 1)"));
        waitFor(karen).until(d -> !countOf(d, "justifications").isEmpty());
        WebElement card = karen.findElement(By.cssSelector(article));
        assertThat(card.getText()).contains("Indsendt", "Testby Omsorg ApS", "#" + alarm, "Version 1");

        // a rejection needs a reason: without one nothing is sent
        click(karen, By.cssSelector(article + " button[data-verb='reject']"));
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "begrundelse"));
        assertThat(justificationOf(alarm).getString("state")).isEqualTo("SUBMITTED");
        WebElement reason = karen.findElement(By.cssSelector(article + " textarea[data-reason]"));
        assertThat(reason.getAttribute("id")).isNotBlank();
        assertThat(karen.findElement(By.cssSelector("label[for='" + reason.getAttribute("id") + "']")).getText())
                .contains("begrundelse");
        reason.sendKeys("Forklar hvorfor backup ikke svarede");
        assertThat(karen.findElement(By.cssSelector(article + " button[data-verb='reject']")).getText())
                .isEqualTo("Afvis version 1");
        click(karen, By.cssSelector(article + " button[data-verb='reject']"));
        await().atMost(WAIT).until(() -> justificationOf(alarm).getString("state").equals("REJECTED"));
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(article), "Afvist"));

        // version 2 arrives live, beside version 1 and its rejection
        submit(id, "Backup-telefonen var defekt og er udskiftet (version 2).");
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(article),
                "(version 2)"));
        By accept = By.cssSelector(article + " button[data-decide='justifications'][data-verb='accept']");
        waitFor(karen).until(ExpectedConditions.textToBe(accept, "Godkend version 2"));
        String text = karen.findElement(By.cssSelector(article)).getText();
        assertThat(text).contains("(version 1)", "(version 2)", "Forklar hvorfor backup ikke svarede",
                "Afvist version 1");
        assertThat(text.indexOf("(version 2)")).as("the newest version first").isLessThan(text.indexOf("(version 1)"));

        click(karen, accept);
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Godkendt"));
        await().atMost(WAIT).until(() -> justificationOf(alarm).getString("state").equals("ACCEPTED"));
        JsonObject decided = new JsonObject(server.get("/api/v1/justifications/" + id).body());
        assertThat(decided.getString("decidedBy")).isEqualTo("karen");
        JsonArray decisions = decided.getJsonArray("decisions");
        assertThat(decisions.getJsonObject(1).getInteger("version")).isEqualTo(2);
        assertThat(decisions.getJsonObject(0).getString("reason")).isEqualTo("Forklar hvorfor backup ikke svarede");
        // accepted ones leave the default list; the page was never reloaded
        waitFor(karen).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(article), 0));
        assertThat(js.executeScript("return window.__sameDocument === true;")).isEqualTo(true);
    }

    /**
     * An action plan is read and approved on its card (its text and measures beside the button naming the
     * version); a relapse after it raises a breach candidate, which opens with its history (the plan, the call's
     * justification) and only then offers the decision; dismissing it needs a reason.
     */
    @Test
    void anActionPlanAndThenABreachCandidateAreDecidedWhereTheyAreRead() throws Exception {
        WebDriver karen = console(server.baseUrl(), "karen", PW);
        tab(karen, "plans");
        long planId = requiredPlan();
        HttpResponse<String> r = server.send("POST", "/api/v1/action-plans/" + planId + "/submit", new JsonObject()
                .put("text", "Fast backup på alle vagter").put("measures", "To telefoner; test ved vagtskifte")
                .put("startsOn", "2026-12-01").put("endsOn", "2027-02-28").encode(), anna);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String card = "article[data-plan='" + planId + "']";
        By approve = By.cssSelector(card + " button[data-verb='approve']");
        waitFor(karen).until(ExpectedConditions.textToBe(approve, "Godkend version 1"));
        assertThat(karen.findElement(By.cssSelector(card)).getText()).contains("Fast backup på alle vagter",
                "To telefoner; test ved vagtskifte", "Indsendt", "viderestillinger i samme kalendermåned")
                .doesNotContain("CALENDAR_MONTH");
        click(karen, approve);
        await().atMost(WAIT).until(() -> plan(planId).getString("state").equals("APPROVED"));
        assertThat(plan(planId).getString("decidedBy")).isEqualTo("karen");
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(card), "Godkendt"));

        // a relapse within the follow-up
        tab(karen, "breaches");
        long relapse = TestTown.send(server, SEQ.incrementAndGet(), "1003", "QA001");
        JsonObject breach = await().atMost(Duration.ofSeconds(60)).until(() -> breachOf(relapse), b -> b != null);
        String bcard = "article[data-breach-case='" + breach.getLong("id") + "']";
        By dismiss = By.cssSelector(bcard + " button[data-verb='dismiss']");
        waitFor(karen).until(ExpectedConditions.presenceOfElementLocated(dismiss));
        String read = karen.findElement(By.cssSelector(bcard)).getText();
        assertThat(read).contains("Fast backup på alle vagter", "Godkendt version 1", "Kaldets begrundelse",
                "#" + relapse, "Leverandørens tidligere sager");
        click(karen, dismiss);
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "begrundelse"));
        assertThat(breachOf(relapse).getString("state")).isEqualTo("OPEN");
        karen.findElement(By.cssSelector(bcard + " textarea[data-reason]")).sendKeys("Telefonen var netop skiftet");
        click(karen, dismiss);
        await().atMost(WAIT).until(() -> breachOf(relapse).getString("state").equals("DISMISSED"));
        assertThat(breachOf(relapse).getString("decisionReason")).isEqualTo("Telefonen var netop skiftet");
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(bcard), "Afvist"));
    }

    /**
     * An alarm from a device bound to nobody reaches the open console's inbox live: the row, the tab's count and
     * its group's count change without a reload; resolving it on the console brings the counts back down.
     */
    @Test
    void theInboxAndItsCountsFollowLive() throws Exception {
        WebDriver karen = console(server.baseUrl(), "karen", PW);
        JavascriptExecutor js = (JavascriptExecutor) karen;
        js.executeScript("window.__sameDocument = true;");
        waitFor(karen).until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
        int before = openInbox();
        int unroutableBefore = openInbox("UNROUTABLE", "NO_RECIPIENT", "ROUTING_FAILED", "NO_FORWARD_TARGET",
                "FIRE_WITHOUT_FIRE_AND_RESCUE");
        waitFor(karen).until(d -> countOf(d, "inbox").equals(before == 0 ? "" : String.valueOf(before)));

        long alarm = unroutableAlarm();
        String row = "#inbox tr[data-inbox]";
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbox"), "#" + alarm));
        waitFor(karen).until(d -> !countOf(d, "inbox").isEmpty() && Integer.parseInt(countOf(d, "inbox")) > before);
        waitFor(karen).until(d -> d.findElement(By.cssSelector("[data-group-count=unroutable]")).getText()
                .equals(String.valueOf(unroutableBefore + 1)));
        String itemId = String.valueOf(inboxItemOf(alarm).getLong("id"));
        By item = By.cssSelector("tr[data-inbox='" + itemId + "']");
        waitFor(karen).until(d -> d.findElement(item).getText().contains("Kunne ikke gå til valgt leverandør"));
        assertThat(karen.findElement(item).getText()).contains("enheden er ikke knyttet til en borger")
                .doesNotContain("NO_DEVICE_BINDING");
        // told aloud too
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.id("announce"), "#" + alarm));

        // the group filter shows only the unroutable ones
        click(karen, By.cssSelector("input[name=inbox-group][value=unroutable]"));
        waitFor(karen).until(d -> d.findElements(By.cssSelector(row)).size() == unroutableBefore + 1);

        By input = By.cssSelector("tr[data-inbox='" + itemId + "'] input[data-reason]");
        retrying(karen, d -> {
            d.findElement(input).sendKeys("Ringet til hjemmeplejen; borgeren er tilset");
            d.findElement(By.cssSelector("tr[data-inbox='" + itemId + "'] button[data-verb='resolve']")).click();
            return true;
        });
        await().atMost(WAIT).until(() -> new JsonObject(server.get("/api/v1/inbox/" + itemId).body())
                .getString("state").equals("RESOLVED"));
        int after = openInbox();
        waitFor(karen).until(d -> countOf(d, "inbox").equals(after == 0 ? "" : String.valueOf(after)));
        waitFor(karen).until(d -> d.findElement(By.cssSelector("[data-group-count=unroutable]")).getText()
                .equals(unroutableBefore == 0 ? "" : String.valueOf(unroutableBefore)));
        assertThat(js.executeScript("return window.__sameDocument === true;")).isEqualTo(true);
    }

    /**
     * Danish first: the login page and the console are lang="da" with Danish labels; no enum names or ISO
     * durations on screen; times in Copenhagen time with seconds though the browser runs in New York; every control
     * labelled; WCAG AA contrast for all text; tabs are a tablist driven by the arrow keys. English is one choice
     * away, and says so in lang.
     */
    @Test
    void danishFirstReadableAndUsableFromTheKeyboard() throws Exception {
        long alarm = unroutableAlarm();
        JsonObject item = await().atMost(WAIT).until(() -> inboxItemOf(alarm), i -> i != null);

        WebDriver karen = browser();
        karen.get(server.baseUrl() + "/console/");
        waitFor(karen).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(karen.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("da");
        assertThat(karen.findElement(By.id("login-form")).getText()).contains("Log ind", "Brugernavn", "Adgangskode");
        assertThat(karen.findElement(By.id("logout")).isDisplayed()).as("no log-out before a login").isFalse();
        assertThat(karen.findElement(By.id("live")).isDisplayed()).as("no connection state before a login").isFalse();
        login(karen, "karen", PW);
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbox"), "#" + alarm));

        assertThat(karen.findElement(By.id("tabs")).getText()).contains("Indbakke", "Begrundelser",
                "Handlingsplaner", "Mulig misligholdelse", "Eskaleringer", "Nøgletal", "Sammenligning", "Vagtdækning");
        // the raised time, in Copenhagen time with seconds, whatever the browser's own zone
        String raised = karen.findElement(By.xpath("//tr[@data-inbox][.//a[@data-alarm='" + alarm + "']]/td[1]"))
                .getText();
        String copenhagen = DateTimeFormatter.ofPattern("dd.MM.yyyy HH.mm.ss")
                .format(Instant.parse(item.getString("raisedAt")).atZone(COPENHAGEN));
        assertThat(raised).isEqualTo(copenhagen);
        assertThat(((JavascriptExecutor) karen).executeScript(
                "return Intl.DateTimeFormat().resolvedOptions().timeZone;")).isEqualTo("America/New_York");

        for (String tab : List.of("inbox", "justifications", "plans", "breaches", "escalations", "figures",
                "comparison", "coverage")) {
            tab(karen, tab);
            waitFor(karen).until(d -> !d.findElement(By.id("tab-" + tab)).getText().contains("Henter"));
            String text = karen.findElement(By.id("tab-" + tab)).getText();
            assertThat(text).as(tab + ": no enum names").doesNotContainPattern("\\b[A-Z]{2,}(_[A-Z]+)+\\b");
            assertThat(text).as(tab + ": no ISO durations").doesNotContainPattern("\\bP(T\\d|\\d+D)");
            assertThat(text).as(tab + ": no ISO instants").doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d");
            assertThat(unlabelled(karen)).as(tab + ": controls without a label").isEmpty();
            assertThat(lowContrast(karen)).as(tab + ": text below WCAG AA contrast").isEmpty();
        }
        assertThat(karen.findElement(By.tagName("body")).getText()).as("no emoji as icons")
                .doesNotContainPattern("[\\x{1F300}-\\x{1FAFF}\\x{2600}-\\x{27BF}]");

        // the tabs from the keyboard
        WebElement first = karen.findElement(By.id("tab-btn-inbox"));
        tab(karen, "inbox");
        first.sendKeys(Keys.ARROW_RIGHT);
        WebElement second = karen.findElement(By.id("tab-btn-justifications"));
        assertThat(second.getAttribute("aria-selected")).isEqualTo("true");
        assertThat(((JavascriptExecutor) karen).executeScript("return document.activeElement.id;"))
                .isEqualTo("tab-btn-justifications");
        assertThat(karen.findElement(By.id("tab-justifications")).isDisplayed()).isTrue();
        assertThat(karen.findElement(By.id("tab-inbox")).isDisplayed()).isFalse();
        assertThat(first.getAttribute("tabindex")).isEqualTo("-1");
        second.sendKeys(Keys.END);
        assertThat(karen.findElement(By.id("tab-btn-coverage")).getAttribute("aria-selected")).isEqualTo("true");
        karen.findElement(By.id("tab-btn-coverage")).sendKeys(Keys.ARROW_RIGHT);
        assertThat(first.getAttribute("aria-selected")).as("wraps around").isEqualTo("true");
        assertThat(karen.findElement(By.id("tabs")).getAttribute("role")).isEqualTo("tablist");
        assertThat(karen.findElement(By.id("tab-inbox")).getAttribute("role")).isEqualTo("tabpanel");

        // English, one choice away
        new Select(karen.findElement(By.id("lang"))).selectByValue("en");
        waitFor(karen).until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "en"));
        assertThat(karen.findElement(By.id("tabs")).getText()).contains("Inbox", "Justifications", "Comparison")
                .doesNotContain("Indbakke");
        assertThat(karen.findElement(By.xpath("//tr[@data-inbox][.//a[@data-alarm='" + alarm + "']]")).getText())
                .contains("Could not reach the chosen supplier");
        new Select(karen.findElement(By.id("lang"))).selectByValue("da");
        waitFor(karen).until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "da"));
    }

    /**
     * The pickers hold the municipality's care suppliers, the private one first and chosen, never fire-and-rescue;
     * the reports show that supplier at once, and the comparison lists the care suppliers side by side.
     */
    @Test
    void thePickersDefaultToTheMunicipalitysCareSuppliers() throws Exception {
        WebDriver karen = console(server.baseUrl(), "karen", PW);
        tab(karen, "figures");
        waitFor(karen).until(ExpectedConditions.attributeToBe(By.id("fig-supplier"), "value", TestTown.CARE));
        for (String picker : List.of("fig-supplier", "cov-supplier")) {
            List<String> options = new Select(karen.findElement(By.id(picker))).getOptions().stream()
                    .map(o -> o.getAttribute("value")).toList();
            assertThat(options).as(picker).containsExactly(TestTown.CARE, OTHER, TestTown.HOME)
                    .doesNotContain(TestTown.FIRE);
        }
        // the figures show at once, in words
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.id("figures"),
                "Testby Omsorg ApS"));
        assertThat(karen.findElement(By.id("figures")).getText()).contains("Kald", "Besvaret til tiden");
        assertThat(karen.findElements(By.cssSelector("#chart-response svg[role=img]"))).hasSize(1);

        tab(karen, "coverage");
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.id("coverage"),
                "Testby Omsorg ApS"));
        assertThat(karen.findElement(By.id("cov-supplier")).getAttribute("value")).isEqualTo(TestTown.CARE);
        assertThat(karen.findElement(By.id("coverage")).getText()).doesNotContain("10080");

        tab(karen, "comparison");
        waitFor(karen).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#comparison tr[data-supplier]")));
        List<String> compared = karen.findElements(By.cssSelector("#comparison tr[data-supplier]")).stream()
                .map(r -> r.getAttribute("data-supplier")).toList();
        assertThat(compared).containsExactly(TestTown.CARE, OTHER, TestTown.HOME);
        assertThat(karen.findElements(By.cssSelector("#cmp-chart svg[role=img] text")).stream()
                .map(e -> e.getAttribute("textContent")).toList())
                .contains("Testby Omsorg ApS", "Testby Ældrepleje ApS", "Testby hjemmepleje");
        assertThat(karen.findElement(By.cssSelector("#cmp-chart svg")).getAttribute("aria-label"))
                .contains("Andel besvaret til tiden", "3 leverandører");
        new Select(karen.findElement(By.id("cmp-metric"))).selectByValue("calls");
        waitFor(karen).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#comparison caption"),
                "Antal kald"));
    }

    /** Takes docs/console.png: the demo, karen of Odder, the justifications tab with one waiting for her. */
    @Test
    @EnabledIfSystemProperty(named = "console.screenshot", matches = ".+")
    void screenshot() throws Exception {
        Path to = Paths.get(System.getProperty("console.screenshot"));
        try (TestServer demo = TestServer.start(dataDir, Map.of("demo-reference", true, "demo-traffic", true,
                "dispatch.time-scale", 300))) {
            String admin = demo.token();
            // wait until the simulated desks have written a justification for Odder's supervisors to decide
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(5)).until(() -> {
                HttpResponse<String> r = demo.send("GET", "/api/v1/supervision/counts?municipalityId=odder", null,
                        admin);
                return r.statusCode() == 200
                        && new JsonObject(r.body()).getJsonObject("justifications").getInteger("toDecide") > 0;
            });
            WebDriver karen = console(demo.baseUrl(), "karen", "vagtcentral-demo");
            tab(karen, "justifications");
            waitFor(karen).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#justifications button[data-verb='accept']")));
            karen.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                    .forEach(l -> System.out.println("ConsoleBrowserTest: browser " + l.getLevel() + " " + l.getMessage()));
            assertThat(karen.findElement(By.id("live")).getAttribute("data-state")).isEqualTo("live");
            File shot = ((TakesScreenshot) karen).getScreenshotAs(OutputType.FILE);
            Files.createDirectories(to.toAbsolutePath().getParent());
            Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("ConsoleBrowserTest: screenshot " + to.toAbsolutePath());
        }
    }

    // ------------------------------------------------------------------ helpers

    WebDriver browser() {
        ChromeOptions o = Browsers.options("--window-size=1280,860", "--lang=da-DK");
        // the page's console, printed when a test fails
        o.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        // the browser in another time zone: the page must show Copenhagen time itself
        return browsers.open(o, Map.of("TZ", "America/New_York"));
    }

    WebDriver console(String baseUrl, String username, String password) {
        WebDriver d = browser();
        d.get(baseUrl + "/console/");
        login(d, username, password);
        return d;
    }

    static void login(WebDriver d, String username, String password) {
        waitFor(d).until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        d.findElement(By.id("password")).sendKeys(password);
        d.findElement(By.cssSelector("#login-form button[type='submit']")).click();
        waitFor(d).until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
        waitFor(d).until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
    }

    static void tab(WebDriver d, String name) {
        click(d, By.cssSelector("#tabs [role=tab][data-tab='" + name + "']"));
        waitFor(d).until(ExpectedConditions.visibilityOfElementLocated(By.id("tab-" + name)));
    }

    static void click(WebDriver d, By what) {
        retrying(d, x -> {
            x.findElement(what).click();
            return true;
        });
    }

    static String countOf(WebDriver d, String tab) {
        return d.findElement(By.cssSelector("[data-count='" + tab + "']")).getText();
    }

    /** Visible form controls with no label, aria-label or aria-labelledby, by id or outer HTML. */
    @SuppressWarnings("unchecked")
    static List<String> unlabelled(WebDriver d) {
        return (List<String>) ((JavascriptExecutor) d).executeScript(
                "return Array.from(document.querySelectorAll('input,select,textarea'))"
                        + ".filter(function (e) { return e.type !== 'hidden' && e.getClientRects().length; })"
                        + ".filter(function (e) { return !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
                        + " && !e.getAttribute('aria-labelledby'); })"
                        + ".map(function (e) { return e.id || e.outerHTML.slice(0, 80); });");
    }

    /**
     * Visible text below WCAG AA contrast (4.5:1, or 3:1 for large text) against the nearest opaque background;
     * disabled controls are exempt.
     */
    @SuppressWarnings("unchecked")
    static List<String> lowContrast(WebDriver d) {
        return (List<String>) ((JavascriptExecutor) d).executeScript(
                "function rgb(c) { var m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : m.concat([1]); }"
                        + "function lum(c) { var v = c.slice(0, 3).map(function (x) { x /= 255;"
                        + " return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });"
                        + " return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; }"
                        + "function bg(e) { for (; e; e = e.parentElement) { var c = rgb(getComputedStyle(e).backgroundColor);"
                        + " if (c[3] > 0.5) { return c; } } return [255, 255, 255, 1]; }"
                        + "var out = [];"
                        + "document.querySelectorAll('body *').forEach(function (e) {"
                        + " if (!e.getClientRects().length || e.closest('svg') || e.closest(':disabled')) { return; }"
                        + " var own = Array.from(e.childNodes).some(function (n) { return n.nodeType === 3 && n.textContent.trim(); });"
                        + " if (!own) { return; }"
                        + " var s = getComputedStyle(e); if (s.visibility === 'hidden' || s.clip === 'rect(0px, 0px, 0px, 0px)') { return; }"
                        + " var a = lum(rgb(s.color)), b = lum(bg(e));"
                        + " var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);"
                        + " var size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;"
                        + " var need = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;"
                        + " if (ratio < need) { out.push(e.tagName + ' \"' + e.textContent.trim().slice(0, 40) + '\" '"
                        + " + ratio.toFixed(2)); } });"
                        + "return out;");
    }

    static void submit(long justificationId, String text) throws Exception {
        HttpResponse<String> r = server.send("POST", "/api/v1/justifications/" + justificationId + "/submit",
                new JsonObject().put("text", text).encode(), anna);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static JsonObject justificationOf(long alarmId) throws Exception {
        JsonArray items = new JsonObject(server.get("/api/v1/justifications?municipalityId=" + TestTown.MUNICIPALITY)
                .body()).getJsonArray("items");
        for (int i = 0; i < items.size(); i++) {
            if (items.getJsonObject(i).getLong("alarmId") == alarmId) {
                return items.getJsonObject(i);
            }
        }
        return null;
    }

    /**
     * A new alarm from account 1005, bound to nobody: unroutable, so on the inbox. An earlier call from it still open
     * is cancelled first (as the administrator), or the new press would join it.
     */
    static long unroutableAlarm() throws Exception {
        JsonArray alarms = new JsonObject(server.get("/api/v1/alarms?account=1005&limit=1000").body())
                .getJsonArray("items");
        for (int i = 0; i < alarms.size(); i++) {
            long id = alarms.getJsonObject(i).getLong("id");
            String state = TestTown.alarm(server, id).getJsonObject("status").getString("state");
            if (!state.equals("CLOSED") && !state.equals("CANCELLED")) {
                HttpResponse<String> r = server.post("/api/v1/alarms/" + id + "/cancel", new JsonObject()
                        .put("actor", "admin").put("reason", "testens forrige kald").encode());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        }
        long alarm = TestTown.send(server, SEQ.incrementAndGet(), "1005", "QA001");
        await().atMost(WAIT).until(() -> inboxItemOf(alarm) != null);
        return alarm;
    }

    /** The id of Testby's private supplier's plan that is required; two unanswered calls require one if none is. */
    static long requiredPlan() throws Exception {
        String path = "/api/v1/action-plans?municipalityId=" + TestTown.MUNICIPALITY + "&supplierId=" + TestTown.CARE
                + "&state=REQUIRED";
        if (new JsonObject(server.get(path).body()).getJsonArray("items").isEmpty()) {
            TestTown.send(server, SEQ.incrementAndGet(), "1006", "QA001");
            TestTown.send(server, SEQ.incrementAndGet(), "1007", "QA001");
        }
        return await().atMost(Duration.ofSeconds(60)).until(() -> new JsonObject(server.get(path).body())
                .getJsonArray("items"), items -> !items.isEmpty()).getJsonObject(0).getLong("id");
    }

    static JsonObject plan(long id) throws Exception {
        return new JsonObject(server.get("/api/v1/action-plans/" + id).body());
    }

    static JsonObject breachOf(long alarmId) throws Exception {
        JsonArray items = new JsonObject(server.get("/api/v1/breach-candidates?municipalityId=" + TestTown.MUNICIPALITY)
                .body()).getJsonArray("items");
        for (int i = 0; i < items.size(); i++) {
            if (items.getJsonObject(i).getLong("alarmId") == alarmId) {
                return items.getJsonObject(i);
            }
        }
        return null;
    }

    static JsonObject inboxItemOf(long alarmId) throws Exception {
        JsonArray items = new JsonObject(server.get("/api/v1/inbox?municipalityId=" + TestTown.MUNICIPALITY
                + "&alarmId=" + alarmId).body()).getJsonArray("items");
        return items.isEmpty() ? null : items.getJsonObject(0);
    }

    /** The open inbox items of Testby (and for every supervisor), of the kinds given (none: every kind). */
    static int openInbox(String... kinds) throws Exception {
        return new JsonObject(server.get("/api/v1/inbox?municipalityId=" + TestTown.MUNICIPALITY + "&limit=1000"
                + (kinds.length == 0 ? "" : "&kind=" + String.join(",", kinds))).body()).getJsonArray("items").size();
    }

}
