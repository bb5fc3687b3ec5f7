package io.photosync.it;

import static io.photosync.it.CliRun.ok;
import static io.photosync.it.CliRun.run;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import io.photosync.testsupport.ServiceProcess;
import io.photosync.testsupport.StaffIdentityProvider;
import io.photosync.testsupport.StaffLogin;
import io.photosync.testsupport.TestGeoIp;
import io.photosync.testsupport.TestPhotos;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Support end to end, every service a real process and the agent signed in to the real staff identity provider
 * (Keycloak, docs/SUPPORT.md): an old phone uploads a photo from Hangzhou, a new phone syncs it in Beijing and asks
 * why it is there, then opens a support case about it with the cli. Agent Ana signs in, takes the case, reads the
 * photo's provenance report and the account's sessions, signs the old phone out and a tablet's session, notes and
 * resolves; a lead closes the case. The owner's cli shows the resolution and the access log, verified offline, with a
 * line for each of those reads and actions; a second case opened by the agent waits for the owner's approval and ends
 * when the owner ends it. An edited copy of the saved access log fails {@code verify --access-log}.
 * <p>
 * Run with {@code -Daccess-log-golden.write=true} to save the two owners' access logs and the log key as
 * {@code cli/src/test/resources/access-log-golden/}, the fixture of the cli's AccessLogVerifierTest.
 */
class SupportAccessLogEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLDEN = Path.of("..", "cli", "src", "test", "resources", "access-log-golden");
    private static final String PASSWORD = Services.PASSWORD;
    private static final Pattern CASE = Pattern.compile("^Case (\\S+) {2}(\\S+)$", Pattern.MULTILINE);
    private static final Pattern GRANT = Pattern.compile("grant: +(\\S+) (\\S+)");

    private static Services services;
    private static AuditServiceProcess audit;
    private static ServiceProcess account;
    private static ServiceProcess sync;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServices() throws Exception {
        StaffIdentityProvider.ensureRunning();
        services = Services.start("support_cli");
        audit = services.audit;
        account = services.account;
        sync = services.sync;
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void anAgentHelpsTheOwnerAndEveryReadAndActionIsInTheVerifiedAccessLog() throws Exception {
        String alice = "alice-" + System.nanoTime();
        ok(phone("old-phone", "device", "new", "--name", "Old phone", "--model", "Xiaomi 13"));
        ok(phone("old-phone", "signup", alice, "--password", PASSWORD));
        ok(phone("old-phone", "login", alice, "--password", PASSWORD, "--forwarded-for", TestGeoIp.HANGZHOU_IP));
        Path photo = Files.write(
                dir.resolve("IMG_0001.jpg"),
                TestPhotos.jpegWithExif("Xiaomi", "Xiaomi 13", "2026:11:20 09:10:00", 30.259, 120.13));
        String photoId = JSON.readTree(ok(phone(
                                "old-phone",
                                "upload",
                                "--json",
                                "--forwarded-for",
                                TestGeoIp.HANGZHOU_IP,
                                photo.toString()))
                        .out())
                .path("photoId")
                .asText();
        String oldPhone = deviceId("old-phone");
        ok(phone("new-phone", "device", "new", "--name", "New phone", "--model", "Pixel 9"));
        ok(phone("new-phone", "login", alice, "--password", PASSWORD, "--forwarded-for", TestGeoIp.BEIJING_IP));
        ok(phone("new-phone", "sync", "--forwarded-for", TestGeoIp.BEIJING_IP));
        ok(phone("tablet", "device", "new", "--name", "Tablet"));
        ok(phone("tablet", "login", alice, "--password", PASSWORD));
        String tabletSession = JSON.readTree(dir.resolve("home")
                        .resolve("tablet")
                        .resolve("session.json")
                        .toFile())
                .path("sessionId")
                .asText();
        CliRun why = ok(phone("new-phone", "why", photoId, "--wait", "60"));
        assertTrue(why.out().contains("Old phone"), why.out());

        String question = "Why is this photo on my new phone? I took it with the old one.";
        CliRun opened = ok(phone("new-phone", "case", "open", "--photo", photoId, "--question", question));
        String caseId = matched(CASE, opened.out(), 1);
        assertEquals("open", matched(CASE, opened.out(), 2), opened.out());
        assertEquals(
                "active", matched(GRANT, opened.out(), 2), "the owner's own case is granted at once: " + opened.out());

        String token = new StaffLogin(URI.create("http://localhost/console/signed-in"))
                .accessToken("agent-ana", "ana-test-password");
        JsonNode taken = staff(token, "POST", "/v1/cases/" + caseId + "/assign", JSON.createObjectNode())
                .statusCode(200)
                .extract()
                .as(JsonNode.class);
        String staffId = taken.path("assignee").asText();
        String accountId = taken.path("accountId").asText();
        assertTrue(staffId.startsWith("S-"), "the log and the owner see the agent's staff number only: " + taken);
        staff(token, "GET", "/v1/cases/" + caseId + "/provenance", null).statusCode(200);
        JsonNode overview = staff(token, "GET", "/v1/cases/" + caseId + "/account", null)
                .statusCode(200)
                .extract()
                .as(JsonNode.class);
        assertTrue(overview.toString().contains(oldPhone), "the agent sees the old phone: " + overview);
        staff(
                        token,
                        "POST",
                        "/v1/cases/" + caseId + "/actions",
                        JSON.createObjectNode().put("kind", "sign-out-device").put("deviceId", oldPhone))
                .statusCode(204);
        staff(
                        token,
                        "POST",
                        "/v1/cases/" + caseId + "/actions",
                        JSON.createObjectNode().put("kind", "sign-out-session").put("sessionId", tabletSession))
                .statusCode(204);
        staff(
                        token,
                        "POST",
                        "/v1/cases/" + caseId + "/notes",
                        JSON.createObjectNode().put("text", "Old phone still signed in"))
                .statusCode(200);
        String resolution = "Your old phone uploaded it from Hangzhou; the new phone received it by sync.\n"
                + "I signed the old phone out.";
        // the cli shows the line break escaped, as every value a service sends
        String resolutionShown = resolution.replace("\n", "\\u000a");
        staff(
                        token,
                        "POST",
                        "/v1/cases/" + caseId + "/resolve",
                        JSON.createObjectNode().put("resolution", resolution))
                .statusCode(200);

        // The owner's own answer now says that support read it, and still verifies: the access chain is evidence too.
        Path report = dir.resolve("report-after-support.json");
        CliRun whyAgain = ok(phone("new-phone", "why", photoId, "--json", report.toString()));
        assertTrue(whyAgain.out().contains("SUPPORT_VIEWED"), whyAgain.out());
        assertTrue(
                JSON.readTree(report.toFile())
                        .path("findings")
                        .toString()
                        .contains("Support agent " + staffId + " (support-agent) read this report for case " + caseId),
                whyAgain.out());
        Path keyForReport = Files.writeString(
                dir.resolve("report-log.vkey"),
                given().get(audit.baseUri() + "/v1/log/key")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()
                        .strip());
        CliRun verified = ok("verify", report.toString(), "--log-key", keyForReport.toString());
        assertTrue(verified.out().contains("access chain"), verified.out());

        CliRun shown = ok(phone("new-phone", "case", "show", caseId));
        assertEquals("resolved", matched(CASE, shown.out(), 2), shown.out());
        assertTrue(shown.out().contains("resolution:") && shown.out().contains(resolutionShown), shown.out());
        assertEquals(
                1, awaitRefused(phone("old-phone", "upload", photo.toString())), "the agent signed the old phone out");
        String lead = new StaffLogin(URI.create("http://localhost/console/signed-in"))
                .accessToken("lead-chen", "chen-test-password");
        staff(lead, "POST", "/v1/cases/" + caseId + "/close", null).statusCode(200);
        assertEquals(
                "closed",
                matched(CASE, ok(phone("new-phone", "case", "show", caseId)).out(), 2),
                "a lead closes the case at once");

        // A case the agent opens: nothing is shown until the owner approves, and nothing after the owner ends it.
        JsonNode asked = staff(
                        token,
                        "POST",
                        "/v1/cases",
                        JSON.createObjectNode()
                                .put("accountId", accountId)
                                .put("question", "Shall we check the other sign-ins too?"))
                .statusCode(201)
                .extract()
                .as(JsonNode.class);
        String secondCase = asked.path("id").asText();
        String secondGrant = asked.path("grant").path("id").asText();
        staff(token, "GET", "/v1/cases/" + secondCase + "/account", null).statusCode(403);
        assertTrue(
                ok(phone("new-phone", "case", "approve", secondGrant)).out().contains(secondGrant + " active until"));
        staff(token, "GET", "/v1/cases/" + secondCase + "/account", null).statusCode(200);
        assertTrue(ok(phone("new-phone", "case", "revoke-access", secondGrant))
                .out()
                .contains(secondGrant + " ended"));
        staff(token, "GET", "/v1/cases/" + secondCase + "/account", null).statusCode(403);
        CliRun listed = ok(phone("new-phone", "case", "list"));
        assertTrue(
                listed.out().startsWith("2 support case(s):")
                        && listed.out().contains(caseId)
                        && listed.out().contains(secondCase),
                listed.out());

        // Another owner with a case of their own: their access log holds none of Alice's entries, nor hers theirs.
        String bob = "bob-" + System.nanoTime();
        ok(phone("bob-phone", "device", "new", "--name", "Bob's phone"));
        ok(phone("bob-phone", "signup", bob, "--password", PASSWORD));
        ok(phone("bob-phone", "login", bob, "--password", PASSWORD));
        ok(phone("bob-phone", "case", "open", "--question", "Can support see my photos?"));

        Path logKey = Files.writeString(
                dir.resolve("log.vkey"),
                given().get(audit.baseUri() + "/v1/log/key")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()
                        .strip());
        Path aliceLog = dir.resolve("alice-access-log.json");
        Path bobLog = dir.resolve("bob-access-log.json");
        CliRun log = accessLogsAtOneSize(logKey, aliceLog, bobLog);
        System.out.println("the owner's access log:\n" + log.out());
        String p = "Agent " + staffId + " (support-agent) ";
        for (String line : List.of(
                "Support may see your account for case " + caseId + " until ",
                p + "assigned the case to " + staffId + " in case " + caseId,
                p + "read the provenance report of photo " + photoId + " for case " + caseId,
                p + "read your sessions, devices and alerts for case " + caseId,
                p + "signed out device " + oldPhone + " in case " + caseId,
                p + "signed out session " + tabletSession + " in case " + caseId,
                p + "added a note: \"Old phone still signed in\" in case " + caseId,
                p + "resolved the case: \"" + resolutionShown + "\" in case " + caseId,
                " (support-lead) closed the case in case " + caseId,
                "Support's access for case " + caseId + " ended (the case was closed)",
                "Support asked to see your account for case " + secondCase + "; nothing is shown until you approve",
                "Support may see your account for case " + secondCase + " until ",
                p + "read your sessions, devices and alerts for case " + secondCase,
                "Support's access for case " + secondCase + " ended (you ended it)")) {
            assertTrue(log.out().contains(line), "the access log shows '" + line + "':\n" + log.out());
        }
        assertEquals(
                14,
                JSON.readTree(aliceLog.toFile()).path("lines").size(),
                "one line per grant change, read and action:\n" + log.out());
        assertTrue(ok(
                        "verify",
                        "--access-log",
                        aliceLog.toString(),
                        "--log-key",
                        logKey.toString(),
                        "--account",
                        accountId)
                .out()
                .contains("OK: access chain of account " + accountId));
        assertEquals(
                1,
                run("verify", "--access-log", bobLog.toString(), "--log-key", logKey.toString(), "--account", accountId)
                        .exit(),
                "Bob's access log is not Alice's");

        Path edited = Files.writeString(
                dir.resolve("edited.json"),
                Files.readString(aliceLog).replace("signed out device", "looked at device"));
        CliRun refused = run("verify", "--access-log", edited.toString(), "--log-key", logKey.toString());
        assertEquals(1, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("FAILED: lines[") && refused.err().contains("'what'"), refused.err());

        if (Boolean.getBoolean("access-log-golden.write")) {
            Files.createDirectories(GOLDEN);
            Files.copy(aliceLog, GOLDEN.resolve("alice.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(bobLog, GOLDEN.resolve("bob.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(logKey, GOLDEN.resolve("log.vkey"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Alice's access log (printed and verified by her cli) and Bob's, saved, both as of the same log size, so that
     * an entry of one can be put into the other under the same checkpoint by the cli's tests.
     */
    private CliRun accessLogsAtOneSize(Path logKey, Path aliceLog, Path bobLog) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            CliRun alice =
                    ok(phone("new-phone", "access-log", "--log-key", logKey.toString(), "--save", aliceLog.toString()));
            ok(phone("bob-phone", "access-log", "--log-key", logKey.toString(), "--save", bobLog.toString()));
            long aliceSize =
                    JSON.readTree(aliceLog.toFile()).at("/asOf/treeSize").asLong();
            if (aliceSize == JSON.readTree(bobLog.toFile()).at("/asOf/treeSize").asLong()
                    || Instant.now().isAfter(deadline)) {
                assertEquals(
                        aliceSize,
                        JSON.readTree(bobLog.toFile()).at("/asOf/treeSize").asLong(),
                        "the log kept growing");
                return alice;
            }
        }
    }

    private static ValidatableResponse staff(String token, String method, String path, ObjectNode body) {
        var request = given().auth().oauth2(token).contentType("application/json");
        if (body != null) {
            request.body(body.toString());
        }
        return request.request(method, audit.baseUri() + path).then().log().ifValidationFails();
    }

    private String deviceId(String device) throws Exception {
        return ECKey.parse(Files.readString(dir.resolve("home").resolve(device).resolve("device-key.jwk")))
                .toPublicJWK()
                .computeThumbprint()
                .toString();
    }

    /**
     * Runs the command until it is refused (a sign-out reaches sync-service through its revocation feed); its exit
     * code.
     */
    private static int awaitRefused(String... args) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        int exit;
        do {
            Thread.sleep(500);
            exit = run(args).exit();
        } while (exit == 0 && Instant.now().isBefore(deadline));
        return exit;
    }

    private static String matched(Pattern pattern, String text, int group) {
        Matcher m = pattern.matcher(text);
        assertTrue(m.find(), pattern + " in:\n" + text);
        return m.group(group);
    }

    /** The command line of one simulated phone: its folder under the shared home, the services' URLs. */
    private String[] phone(String device, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(
                "--home",
                dir.resolve("home").toString(),
                "--device",
                device,
                "--account-url",
                account.baseUrl(),
                "--sync-url",
                sync.baseUrl(),
                "--audit-url",
                audit.baseUri().toString()));
        return args.toArray(String[]::new);
    }
}
