package io.photosync.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.photosync.testsupport.StaffIdentityProvider;
import io.photosync.testsupport.TestGeoIp;
import io.photosync.testsupport.TestPhotos;
import io.restassured.response.Response;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The support console in a real browser (headless Chromium through chromedriver) against the three services as
 * processes (databases {@code console_it_account}, {@code console_it_sync}, {@code console_it_audit}) and the staff
 * Keycloak: an owner's old phone signs in from Hangzhou and uploads a photo, the new phone signs in from Beijing,
 * syncs it and opens a case about it. agent-ana signs in through Keycloak's own login page, sees the case's
 * timeline and the evidence verified by the page's script, signs the old phone out, and the owner's access log
 * lists every read and the sign-out. The tests share the story and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LOG_DELAY = Duration.ofSeconds(60);
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
    /**
     * Where the case page's screenshot goes: target/, or with -Dconsole-screenshot.write=true the README's docs/ copy.
     */
    private static final Path SCREENSHOT = Boolean.getBoolean("console-screenshot.write")
            ? Path.of("..", "docs", "console-case.png")
            : Path.of("target", "console-case.png");

    private static Services services;
    private static String console;
    private static String pinnedKey;
    private static Phone oldPhone;
    private static Phone newPhone;
    private static String photoId;
    private static String caseId;
    private static ChromeDriverService chromedriver;
    private static ChromeDriver browser;
    private static Path profile;
    /** The sign-out form as the browser sent it: its action and its (now used) token. */
    private static String usedAction;

    private static String usedToken;

    @BeforeAll
    static void startServicesAndTheBrowser() throws Exception {
        StaffIdentityProvider.ensureRunning();
        services = Services.start("console_it");
        // As an operator would: pin the key the log publishes, then start the console with it.
        pinnedKey = given().get(services.audit.baseUri() + "/v1/log/key")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .trim();
        services.audit.stop();
        services.audit.config("audit.support.console-log-key", pinnedKey).start();
        console = services.audit.baseUri().toString();

        String login = "owner-" + System.nanoTime();
        services.signUp(login);
        oldPhone = new Phone(services, "Old phone", "Xiaomi 13", TestGeoIp.HANGZHOU_IP);
        oldPhone.signIn(login);
        photoId = oldPhone.upload(
                TestPhotos.jpegWithExif("Xiaomi", "Xiaomi 13", "2026:11:20 09:10:00", 30.2590, 120.1300));
        newPhone = new Phone(services, "New phone", "Pixel 9", TestGeoIp.BEIJING_IP);
        newPhone.signIn(login);
        newPhone.call("GET", services.sync.baseUrl() + "/v1/sync/changes", null)
                .then()
                .statusCode(200);
        awaitDeliveryInTheLog();
        caseId = newPhone.call(
                        "POST",
                        console + "/v1/me/cases",
                        Map.of(
                                "photoId",
                                photoId,
                                "question",
                                "Why is this photo on my new phone? <b>I never took it</b>"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        profile = Files.createTempDirectory("console-chromium");
        chromedriver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--user-data-dir=" + profile,
                        "--window-size=1280,2300");
        browser = new ChromeDriver(chromedriver, options);
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        if (chromedriver != null) {
            chromedriver.stop();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    @Order(1)
    void anAgentSignsInThroughKeycloaksLoginPageAndSeesTheCaseInTheQueue() {
        browser.get(console + "/console");
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertTrue(
                browser.getCurrentUrl()
                        .startsWith(StaffIdentityProvider.realmUrl().toString()),
                browser.getCurrentUrl());
        browser.findElement(By.id("username")).sendKeys("agent-ana");
        browser.findElement(By.id("password")).sendKeys("ana-test-password");
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("queue")));
        assertEquals(console + "/console", browser.getCurrentUrl());
        assertTrue(browser.findElement(By.className("who")).getText().contains("S-1001 (support-agent)"));
        WebElement row = browser.findElement(By.cssSelector("#queue a[href='/console/cases/" + caseId + "']"));
        String rowText = row.findElement(By.xpath("./ancestor::tr")).getText();
        assertTrue(
                rowText.contains("open")
                        && rowText.contains("active")
                        && rowText.contains("Why is this photo on my new phone? <b>I never took it</b>"),
                rowText);
    }

    @Test
    @Order(2)
    void theCasePageDrawsTheTimelineAndVerifiesTheEvidenceInThePage() throws Exception {
        browser.get(console + "/console/cases/" + caseId);
        String status = awaitEvidenceStatus();
        assertTrue(
                status.matches("Evidence verified: \\d+ entries in checkpoint of size \\d+ signed by"
                        + " photosync\\.local/audit-log"),
                status);
        assertEquals(0, browser.findElements(By.id("log-key-warning")).size(), "the key is pinned: no warning");
        assertEquals(
                "Why is this photo on my new phone? <b>I never took it</b>",
                browser.findElement(By.id("question")).getText());

        List<String> steps = new ArrayList<>();
        for (WebElement step : browser.findElements(By.cssSelector("#timeline-svg g.chain-step"))) {
            steps.add(step.getAttribute("data-step"));
        }
        assertEquals(List.of("SIGN_IN", "UPLOAD", "SIGN_IN", "DELIVERY"), steps);
        String timeline = browser.findElement(By.id("timeline-svg")).getText();
        for (String shown : List.of("Old phone", "New phone", "Hangzhou", "Beijing", "UPLOAD", "DELIVERY")) {
            assertTrue(timeline.contains(shown), shown + " missing from the timeline: " + timeline);
        }
        assertTrue(browser.findElement(By.id("verdict"))
                .getText()
                .startsWith("UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT: "));
        assertTrue(browser.findElement(By.id("explanation")).getText().contains("Hangzhou"));
        assertTrue(browser.findElement(By.id("devices")).getText().contains("Old phone"));

        Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @Order(3)
    void thePagesVerifierRefusesATamperedReport() throws Exception {
        JsonNode report = JSON.readTree((String) ((JavascriptExecutor) browser).executeAsyncScript("""
            const done = arguments[arguments.length - 1];
            fetch('/console/cases/' + arguments[0] + '/provenance', {headers: {Accept: 'application/json'}}).then(r => r.text()).then(done);\
            """, caseId));
        assertTrue(
                verifyInThePage(report, pinnedKey).startsWith("Evidence verified: "), "the untouched report verifies");

        ObjectNode proof = report.deepCopy();
        ArrayNode hashes = (ArrayNode) proof.at("/evidence/entries/0/inclusionProof");
        hashes.set(0, flipped(hashes.get(0).asText()));
        assertTrue(verifyInThePage(proof, pinnedKey)
                .matches("Evidence NOT verified: the inclusion proof of entry \\d+ does not lead to the"
                        + " checkpoint's root"));

        ObjectNode leaf = report.deepCopy();
        ObjectNode entry = (ObjectNode) leaf.at("/evidence/entries/0");
        ObjectNode leafJson = (ObjectNode)
                JSON.readTree(Base64.getDecoder().decode(entry.path("leaf").asText()));
        leafJson.put(
                "occurredAt",
                Instant.parse(leafJson.path("occurredAt").asText())
                        .minusSeconds(3600)
                        .toString());
        entry.put("leaf", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(leafJson)));
        assertTrue(verifyInThePage(leaf, pinnedKey).contains("does not lead to the checkpoint's root"));

        ObjectNode step = report.deepCopy();
        ObjectNode upload = (ObjectNode) step.at("/chain/1");
        upload.put(
                "at",
                Instant.parse(upload.path("at").asText()).minusSeconds(3600).toString());
        assertTrue(verifyInThePage(step, pinnedKey).startsWith("Evidence NOT verified: chain step UPLOAD"));

        ObjectNode checkpoint = report.deepCopy();
        String note = checkpoint.at("/evidence/checkpoint").asText();
        String[] lines = note.split("\n", 3);
        ((ObjectNode) checkpoint.get("evidence"))
                .put("checkpoint", lines[0] + "\n" + (Long.parseLong(lines[1]) + 1) + "\n" + lines[2]);
        assertEquals(
                "Evidence NOT verified: the checkpoint's signature by photosync.local/audit-log does not verify",
                verifyInThePage(checkpoint, pinnedKey));

        String otherKey = "another-log" + pinnedKey.substring(pinnedKey.indexOf('+'));
        assertEquals(
                "Evidence NOT verified: the pinned log key's id does not match its key",
                verifyInThePage(report, otherKey));
    }

    @Test
    @Order(4)
    void theAgentSignsTheOldPhoneOutAfterConfirming() {
        browser.get(console + "/console/cases/" + caseId);
        WebElement button =
                browser.findElement(By.cssSelector("#devices button.sign-out[data-target='" + oldPhone.id() + "']"));
        WebElement form = button.findElement(By.xpath("./ancestor::form"));
        usedAction = form.getAttribute("action");
        usedToken = form.findElement(By.name("token")).getAttribute("value");
        button.click();
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        var confirm = wait.until(ExpectedConditions.alertIsPresent());
        assertTrue(
                confirm.getText().startsWith("Sign out the device Old phone and all its sessions"), confirm.getText());
        confirm.accept();
        wait.until(ExpectedConditions.textToBe(
                By.cssSelector("#devices td.device-status[data-device-id='" + oldPhone.id() + "']"), "revoked"));
        assertEquals(console + "/console/cases/" + caseId, browser.getCurrentUrl());
        assertEquals(
                0,
                browser.findElements(By.cssSelector("#devices button.sign-out[data-target='" + oldPhone.id() + "']"))
                        .size());
    }

    @Test
    @Order(5)
    void aReplayedFormPostIsRefusedAndDoesNothing() {
        Map<String, String> cookies = new java.util.HashMap<>();
        for (Cookie c : browser.manage().getCookies()) {
            cookies.put(c.getName(), c.getValue());
        }
        int before = accessLog().size();
        Response replayed = given().cookies(cookies)
                .redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", usedToken)
                .formParam("deviceId", oldPhone.id())
                .post(usedAction);
        assertEquals(403, replayed.statusCode(), replayed.asString());
        assertTrue(replayed.asString().contains("this form was already sent"), replayed.asString());
        assertEquals(before, accessLog().size(), "nothing was logged, so nothing was done");
        // the same cookies with a fresh token do work: the refusal was the token's
        browser.get(console + "/console/cases/" + caseId);
        String fresh = browser.findElement(By.cssSelector("form[action$='/notes'] input[name=token]"))
                .getAttribute("value");
        given().cookies(cookies)
                .redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", fresh)
                .formParam("text", "Signed out the old phone for the owner.")
                .post(console + "/console/cases/" + caseId + "/notes")
                .then()
                .statusCode(303);
    }

    @Test
    @Order(6)
    void theOwnersAccessLogListsTheReadsAndTheSignOut() {
        List<String> whats = new ArrayList<>();
        for (JsonNode line : accessLog()) {
            whats.add(line.path("type").asText() + " " + line.path("what").asText());
        }
        String agent = "Agent S-1001 (support-agent) ";
        for (String expected : List.of(
                "AGENT_ACCESS " + agent + "read the provenance report of photo " + photoId + " for case " + caseId,
                "AGENT_ACCESS " + agent + "read your sessions, devices and alerts for case " + caseId,
                "AGENT_ACTION " + agent + "signed out device " + oldPhone.id() + " in case " + caseId)) {
            assertTrue(whats.contains(expected), expected + " missing from " + whats);
        }
        assertEquals(
                1, whats.stream().filter(w -> w.contains("signed out device")).count(), "one sign-out: " + whats);
    }

    private static List<JsonNode> accessLog() {
        JsonNode log = newPhone.call("GET", console + "/v1/me/access-log", null)
                .then()
                .statusCode(200)
                .extract()
                .as(JsonNode.class);
        List<JsonNode> lines = new ArrayList<>();
        log.path("lines").forEach(lines::add);
        return lines;
    }

    /** Runs the page's own verifier on {@code report}, as the page does on the one it fetched. */
    private static String verifyInThePage(JsonNode report, String vkey) throws Exception {
        return (String) ((JavascriptExecutor) browser).executeAsyncScript("""
            const done = arguments[arguments.length - 1];
            PhotosyncConsole.verifyEvidence(JSON.parse(arguments[0]), arguments[1]).then(r => done(r.text));\
            """, JSON.writeValueAsString(report), vkey);
    }

    private static String awaitEvidenceStatus() {
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        return wait.until(d -> {
            String text = d.findElement(By.id("evidence-status")).getText();
            return text.startsWith("Evidence ") || text.startsWith("No provenance") ? text : null;
        });
    }

    private static String flipped(String base64) {
        byte[] hash = Base64.getDecoder().decode(base64);
        hash[0] ^= 1;
        return Base64.getEncoder().encodeToString(hash);
    }

    /** The relays carry the events within seconds; the new phone's own report shows when the delivery is in. */
    private static void awaitDeliveryInTheLog() throws Exception {
        Instant deadline = Instant.now().plus(LOG_DELAY);
        while (Instant.now().isBefore(deadline)) {
            Response r = newPhone.askProvenance(photoId, newPhone.id());
            if (r.statusCode() == 200 && new String(r.asByteArray(), StandardCharsets.UTF_8).contains("\"DELIVERY\"")) {
                return;
            }
            Thread.sleep(250);
        }
        fail("the delivery did not reach the log within " + LOG_DELAY);
    }
}
