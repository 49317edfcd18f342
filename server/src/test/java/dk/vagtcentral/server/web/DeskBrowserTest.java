package dk.vagtcentral.server.web;

import static dk.vagtcentral.server.web.Browsers.retrying;
import static dk.vagtcentral.server.web.Browsers.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.vagtcentral.server.TestServer;
import dk.vagtcentral.server.dispatch.TestTown;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The desk as a dispatcher and a field worker use it (issue 13), in headless Chromium against an in-process server
 * (real time: no escalation interferes): the ring until acknowledged, the queue order, a field worker's scope on a
 * phone, Danish first with English available, the citizen card. The browser runs with autoplay allowed, so the Web
 * Audio ring really plays (counted on {@code body[data-rings]}). Skipped where Chromium or chromedriver is missing; a
 * failure leaves screenshots in {@code target/desk-browser-*.png}.
 */
class DeskBrowserTest {
    static final String PW = "desk-browser-password";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final AtomicInteger SEQ = new AtomicInteger(700);

    @TempDir
    static Path dataDir;
    static TestServer server;
    /** Alarms a test opened: ended after it, so that no test sees another's open calls ringing or counted. */
    static final List<Long> opened = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final Browsers browsers = new Browsers("desk-browser");

    @BeforeAll
    static void start() throws Exception {
        Browsers.assumeInstalled();
        server = TestServer.start(dataDir, Map.of("scaip.port", 0));
        TestTown.create(server.baseUrl(), null);
        server.createUser("dora", PW, "DISPATCHER", TestTown.CARE, null, null);
        server.createUser("pia", PW, "WORKER", TestTown.CARE, null, "p1");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void endOpenedAlarms() throws Exception {
        for (long id : opened) {
            if (!List.of("CLOSED", "CANCELLED").contains(state(id))) {
                server.post("/api/v1/alarms/" + id + "/cancel", new JsonObject().put("actor", "x")
                        .put("reason", "test done").encode());
            }
        }
        opened.clear();
    }

    /** The desk rings (repeating) while a call is not acknowledged; acknowledging stops it; the title counts. */
    @Test
    void theDeskRingsUntilTheCallIsAcknowledged() throws Exception {
        WebDriver dora = browser(1280, 900);
        login(dora, "dora");
        dora.findElement(By.id("sound")).click();
        waitFor(dora).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-sound", "on"));
        assertThat(dora.findElement(By.id("sound")).getAttribute("aria-pressed")).isEqualTo("true");
        int before = rings(dora);

        assertThat(dora.getTitle()).isEqualTo("Vagtcentral – Vagtbord");
        assertThat(dora.findElement(By.tagName("body")).getAttribute("data-ringing")).isEqualTo("false");

        long id = send("1000", "QA001");
        String card = "#queue li.alarm[data-id='" + id + "']";
        waitFor(dora).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(card)));
        waitFor(dora).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ringing", "true"));
        // it repeats: at least two more rings after the first
        await().atMost(WAIT).until(() -> rings(dora) >= before + 3);
        assertThat(dora.getTitle()).isEqualTo("(1) Vagtcentral – Vagtbord");
        assertThat(dora.findElement(By.id("count-calls")).getText()).isEqualTo("1");

        retrying(dora, d -> {
            d.findElement(By.cssSelector(card + " .actions button[data-action='acknowledge']")).click();
            return true;
        });
        waitFor(dora).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ringing", "false"));
        int after = rings(dora);
        // silent for longer than the ring's 2.5 s period: a ring still going would have sounded again
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> rings(dora) == after);
        assertThat(rings(dora)).as("no ring after the acknowledgement").isEqualTo(after);
        assertThat(state(id)).isEqualTo("ACKNOWLEDGED");
        waitFor(dora).until(ExpectedConditions.attributeToBe(By.cssSelector(card), "data-group", "ACKNOWLEDGED"));
        assertThat(dora.getTitle()).as("still needs an answer").isEqualTo("(1) Vagtcentral – Vagtbord");

        // the choice of sound survives a reload
        dora.navigate().refresh();
        waitFor(dora).until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "on"));
        assertThat(dora.findElement(By.id("sound")).getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(dora.findElement(By.tagName("body")).getAttribute("data-sound")).isIn("on", "paused");
    }

    /**
     * Waiting calls come first, then acknowledged, then in progress; a technical notice sits in its own lane and
     * offers no call actions (issue 13: the only call waiting for an answer was fifth, under calls on site).
     */
    @Test
    void theQueuePutsTheWaitingCallFirstAndNoticesInTheirOwnLaneWithoutCallActions() throws Exception {
        WebDriver dora = browser(1280, 900);
        login(dora, "dora");
        long onSite1 = callOnSite("1006");
        long onSite2 = callOnSite("1007");
        long acknowledged = send("1008", "QA001");
        awaitState(acknowledged, "NOTIFIED");
        ok(server.post("/api/v1/alarms/" + acknowledged + "/acknowledge", new JsonObject().put("actor", "x").encode()));
        long waiting = send("1009", "QA001");
        long notice = send("1010", "YT001");

        waitFor(dora).until(d -> ids(d, "#queue").containsAll(List.of(waiting, acknowledged, onSite1, onSite2)));
        waitFor(dora).until(d -> ids(d, "#queue").stream().filter(List.of(waiting, acknowledged, onSite1, onSite2)
                ::contains).toList().equals(List.of(waiting, acknowledged, onSite1, onSite2)));
        assertThat(ids(dora, "#queue")).doesNotContain(notice);
        assertThat(ids(dora, "#queue").get(0)).as("the only call waiting first").isEqualTo(waiting);
        assertThat(dora.findElement(By.cssSelector("#queue li.alarm[data-id='" + waiting + "'] .group")).getText())
                .isEqualTo("Afventer kvittering");

        dora.findElement(By.id("tab-technical")).click();
        String noticeCss = "#techQueue li.alarm[data-id='" + notice + "']";
        WebElement n = waitFor(dora).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(noticeCss)));
        assertThat(n.findElements(By.id("resp-" + notice))).as("no answer form on a notice").isEmpty();
        assertThat(n.findElements(By.cssSelector("button[data-action='on-site']"))).isEmpty();
        List<String> outcomes = new Select(n.findElement(By.id("close-" + notice))).getOptions().stream()
                .map(WebElement::getText).toList();
        assertThat(outcomes).contains("Fejl udbedret", "Ingen fejl fundet").doesNotContain("Ingen skade");
        new Select(n.findElement(By.id("close-" + notice))).selectByValue("DEVICE_FIXED");
        n.findElement(By.id("close-n-" + notice)).sendKeys("nyt batteri");
        n.findElement(By.xpath(".//form[.//select[@id='close-" + notice + "']]//button[@type='submit']")).click();
        awaitState(notice, "CLOSED");
        waitFor(dora).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(noticeCss), 0));
    }

    /**
     * A field worker on a phone: their own call first with one-tap "on my way", "on site" and close; a call assigned
     * to another worker is shown for information, without actions.
     */
    @Test
    void aFieldWorkerOnAPhoneSeesTheirOwnCallFirstAndActsOnlyOnIt() throws Exception {
        long others = send("1011", "QA001");
        awaitState(others, "NOTIFIED");
        ok(server.post("/api/v1/alarms/" + others + "/respond", new JsonObject().put("actor", "x")
                .put("response", "HELP_SENT").put("workerId", "b1").encode()));
        long mine = send("1012", "QA001");
        WebDriver pia = phone();
        login(pia, "pia");
        String mineCss = "#queue li.alarm[data-id='" + mine + "']";
        String othersCss = "#queue li.alarm[data-id='" + others + "']";
        waitFor(pia).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(othersCss)));
        waitFor(pia).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(mineCss)));
        assertThat(ids(pia, "#queue").indexOf(mine)).as("mine first").isLessThan(ids(pia, "#queue").indexOf(others));
        assertThat(pia.findElement(By.cssSelector(mineCss + " .mine-tag")).getText()).isEqualTo("Dit kald");
        WebElement other = pia.findElement(By.cssSelector(othersCss));
        assertThat(other.findElements(By.cssSelector(".actions button"))).as("no actions on another's call").isEmpty();
        assertThat(other.findElement(By.cssSelector(".actions")).getText()).contains("kun til orientering");
        assertThat(pia.findElements(By.id("tab-duties")).get(0).isDisplayed()).as("no duties tab for a worker").isFalse();
        assertThat(((Number) ((JavascriptExecutor) pia).executeScript("return window.innerWidth;")).intValue())
                .isEqualTo(390);

        tap(pia, mineCss, "on-my-way");
        await().atMost(WAIT).until(() -> state(mine).equals("RESPONDED"));
        JsonObject status = TestTown.alarm(server, mine).getJsonObject("status");
        assertThat(status.getString("helpWorkerId")).isEqualTo("p1");
        assertThat(status.getString("acknowledgedBy")).isEqualTo("pia");
        tap(pia, mineCss, "on-site");
        await().atMost(WAIT).until(() -> state(mine).equals("ON_SITE"));
        retrying(pia, d -> {
            new Select(d.findElement(By.id("close-" + mine))).selectByValue("FALL_WITHOUT_INJURY");
            d.findElement(By.xpath("//form[.//select[@id='close-" + mine + "']]//button[@type='submit']")).click();
            return true;
        });
        await().atMost(WAIT).until(() -> state(mine).equals("CLOSED"));
        waitFor(pia).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(mineCss), 0));
    }

    /**
     * Danish first: lang="da", no status, sound or log-out before anyone logs in; enums and durations in words, times
     * in Copenhagen time with seconds, no emoji; the citizen card with its key-box code on request; English available.
     */
    @Test
    void theDeskIsDanishFirstWithWordsAndCopenhagenTimesAndEnglishAvailable() throws Exception {
        WebDriver dora = browser(1280, 900);
        dora.get(server.baseUrl() + "/desk/");
        waitFor(dora).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(dora.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("da");
        String loginPage = dora.findElement(By.tagName("body")).getText();
        assertThat(loginPage).contains("Brugernavn", "Adgangskode").doesNotContain("Afbrudt", "offline", "Log ud",
                "Alarmlyd");
        assertThat(dora.findElement(By.id("who")).isDisplayed()).isFalse();
        assertThat(dora.findElement(By.id("sound")).isDisplayed()).isFalse();

        login(dora, "dora");
        long id = send("1013", "QA001");
        String card = "#queue li.alarm[data-id='" + id + "']";
        waitFor(dora).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(card + " .name"),
                "Borger 13"));
        WebElement li = dora.findElement(By.cssSelector(card));
        assertThat(li.findElement(By.cssSelector(".cat")).getText()).isEqualTo("Nødkald");
        assertThat(li.findElement(By.cssSelector(".state")).getText()).isEqualTo("Afventer");
        waitFor(dora).until(d -> d.findElement(By.cssSelector(card + " .countdown")).getText()
                .matches("Svarfrist om 29 minutter og \\d+ sekunder?"));
        Instant received = Instant.parse(TestTown.alarm(server, id).getString("receivedAt"));
        // Danish writes the time of day 14.03.12
        String copenhagen = DateTimeFormatter.ofPattern("HH.mm.ss").withZone(ZoneId.of("Europe/Copenhagen"))
                .format(received);
        assertThat(li.findElement(By.cssSelector(".age")).getText()).startsWith("Modtaget " + copenhagen);
        assertThat(dora.findElement(By.id("tab-calls")).getText()).startsWith("Kald");
        assertThat(dora.findElement(By.id("tab-calls")).getAttribute("aria-selected")).isEqualTo("true");
        assertThat(dora.findElement(By.id("tabs")).getAttribute("role")).isEqualTo("tablist");

        // the citizen card: phone, relatives, notes; the key-box code only on request
        li.findElement(By.cssSelector("details.more summary")).click();
        waitFor(dora).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(card + " .card-body"),
                "Datter 13"));
        String body = li.findElement(By.cssSelector(".card-body")).getText();
        assertThat(body).contains("+45 20 30 40 13", "Diabetes (insulin)", "Hund i entréen", "dansk",
                "Ved hoveddøren").doesNotContain(TestTown.keyBoxCode(13));
        li.findElement(By.cssSelector(".card-body button[data-action='key-code']")).click();
        waitFor(dora).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(card + " .code-shown"),
                TestTown.keyBoxCode(13)));
        assertThat(TestTown.alarm(server, id).encode()).contains("key-box code shown to dora");

        // keyboard: the arrow key moves to the next tab
        dora.findElement(By.id("tab-calls")).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        waitFor(dora).until(ExpectedConditions.attributeToBe(By.id("tab-technical"), "aria-selected", "true"));
        assertThat(dora.findElement(By.id("panel-technical")).isDisplayed()).isTrue();
        dora.findElement(By.id("tab-technical")).sendKeys(org.openqa.selenium.Keys.ARROW_LEFT);

        String page = dora.findElement(By.tagName("body")).getText();
        assertThat(page.codePoints().filter(c -> c >= 0x1F300 && c <= 0x1FAFF || c >= 0x2600 && c <= 0x27BF))
                .as("no emoji as icons").isEmpty();
        assertThat(page).doesNotContain("NOTIFIED", "EMERGENCY", "PT", "MUNICIPAL_HOME_CARE");

        // English is one click away
        dora.findElement(By.id("lang")).click();
        waitFor(dora).until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "en"));
        assertThat(dora.findElement(By.id("tab-calls")).getText()).startsWith("Calls");
        assertThat(dora.findElement(By.cssSelector(card + " .cat")).getText()).isEqualTo("Emergency call");
        waitFor(dora).until(d -> d.findElement(By.cssSelector(card + " .countdown")).getText()
                .startsWith("Response due in 29 minutes"));
        dora.findElement(By.id("lang")).click();
        waitFor(dora).until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "da"));
    }

    /** Closed calls stay findable on the desk: the history tab searches them. */
    @Test
    void closedCallsAreFoundInTheHistory() throws Exception {
        long id = send("1014", "QA001");
        awaitState(id, "NOTIFIED");
        ok(server.post("/api/v1/alarms/" + id + "/respond", new JsonObject().put("actor", "x")
                .put("response", "NURSE_REQUESTED").encode()));
        ok(server.post("/api/v1/alarms/" + id + "/close", new JsonObject().put("actor", "x")
                .put("outcome", "ADMITTED").put("note", "indlagt på AUH").encode()));
        WebDriver dora = browser(1280, 900);
        login(dora, "dora");
        dora.findElement(By.id("tab-history")).click();
        dora.findElement(By.id("historyQ")).sendKeys("Borger 14");
        dora.findElement(By.cssSelector("#historyForm button[type='submit']")).click();
        // the rows are drawn again when the search answers: read them afresh until they show the call
        By row = By.cssSelector("#historyRows tr[data-id='" + id + "']");
        waitFor(dora).until(d -> d.findElements(By.cssSelector("#historyRows tr")).size() == 1
                && d.findElement(row).getText().contains("Indlagt"));
        assertThat(dora.findElement(row).getText()).contains("Borger 14", "Indlagt", "indlagt på AUH", "Nødkald");
    }

    /** A SCAIP device's call-back address (its crd) is on the call's card: the address to ring back, or that it has none. */
    @Test
    void aScaipCallShowsTheAddressToRingBack() throws Exception {
        long voice = scaip("4540000016", "c16", "gsm:+4520001600");
        long silent = scaip("4540000017", "c17", "no-voice:");
        long dc09 = send("1015", "QA001");
        WebDriver dora = browser(1280, 900);
        login(dora, "dora");
        String voiceCard = "#queue li.alarm[data-id='" + voice + "']";
        String silentCard = "#queue li.alarm[data-id='" + silent + "']";
        String dc09Card = "#queue li.alarm[data-id='" + dc09 + "']";
        waitFor(dora).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(voiceCard + " .callback"),
                "Ring tilbage: gsm:+4520001600"));
        waitFor(dora).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(silentCard + " .callback"),
                "Ingen taleopkald fra enheden"));
        waitFor(dora).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(dc09Card + " .name"),
                "Borger 15"));
        assertThat(dora.findElement(By.cssSelector(dc09Card + " .callback")).isDisplayed()).as("DC-09 has none")
                .isFalse();
        dora.findElement(By.id("lang")).click();
        waitFor(dora).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(voiceCard + " .callback"),
                "Call back: gsm:+4520001600"));
        waitFor(dora).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(silentCard + " .callback"),
                "No voice call from the device"));
        dora.findElement(By.id("lang")).click();
        waitFor(dora).until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "da"));
    }

    // ------------------------------------------------------------------ helpers

    /** A SCAIP press from controller {@code cid}, registered and bound to {@code citizen}; ended after the test. */
    static long scaip(String cid, String citizen, String crd) throws Exception {
        HttpResponse<String> r = server.put("/api/v1/admin/devices/" + cid,
                new JsonObject().put("protocol", "SCAIP").encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        TestTown.post(server.baseUrl(), server.token(), "device-bindings", new JsonObject().put("account", cid)
                .put("citizenId", citizen).put("validFrom", Instant.now().minus(Duration.ofDays(1)).toString()));
        long id = TestTown.scaipPress(server, "B" + SEQ.incrementAndGet(), cid, crd);
        opened.add(id);
        return id;
    }

    WebDriver browser(int width, int height) {
        return browsers.open(Browsers.options("--window-size=" + width + "," + height,
                "--autoplay-policy=no-user-gesture-required", "--lang=da-DK"));
    }

    /** A phone: Chromium's mobile emulation at 390 x 844 CSS pixels (a window cannot be made that narrow). */
    WebDriver phone() {
        ChromeOptions o = Browsers.options("--autoplay-policy=no-user-gesture-required", "--lang=da-DK");
        o.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of("width", 390, "height", 844,
                "pixelRatio", 2.0, "touch", true)));
        return browsers.open(o);
    }

    void login(WebDriver d, String username) {
        d.get(server.baseUrl() + "/desk/");
        waitFor(d).until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        d.findElement(By.id("password")).sendKeys(PW);
        d.findElement(By.cssSelector("#loginForm button[type='submit']")).click();
        waitFor(d).until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "on"));
    }

    static void tap(WebDriver d, String cardCss, String action) {
        retrying(d, x -> {
            x.findElement(By.cssSelector(cardCss + " .actions button[data-action='" + action + "']")).click();
            return true;
        });
    }

    /** Sends a DC-09 alarm; the alarm is ended after the test if it is still open. */
    static long send(String account, String events) throws Exception {
        long id = TestTown.send(server, SEQ.incrementAndGet(), account, events);
        opened.add(id);
        return id;
    }

    static long callOnSite(String account) throws Exception {
        long id = send(account, "QA001");
        awaitState(id, "NOTIFIED");
        ok(server.post("/api/v1/alarms/" + id + "/respond", new JsonObject().put("actor", "x")
                .put("response", "HELP_SENT").put("workerId", "p1").encode()));
        ok(server.post("/api/v1/alarms/" + id + "/on-site", new JsonObject().put("actor", "x").encode()));
        return id;
    }

    static String state(long id) throws Exception {
        return TestTown.alarm(server, id).getJsonObject("status").getString("state");
    }

    static void awaitState(long id, String state) {
        await().atMost(WAIT).until(() -> state(id).equals(state));
    }

    static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static List<Long> ids(WebDriver d, String list) {
        return d.findElements(By.cssSelector(list + " > li.alarm")).stream()
                .map(e -> Long.parseLong(e.getAttribute("data-id"))).toList();
    }

    static int rings(WebDriver d) {
        Object v = ((JavascriptExecutor) d).executeScript("return Number(document.body.dataset.rings || 0);");
        return ((Number) v).intValue();
    }

}
