package io.photosync.cli.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them (through picocli), against a stub server. */
class DeviceCommandsTest {
    @TempDir
    Path home;

    private String deviceId;

    record Run(int exitCode, String out, String err) {}

    @BeforeEach
    void createDevice() {
        Run created = run(
                null,
                "device",
                "new",
                "--device",
                "old-phone",
                "--name",
                "Old phone",
                "--model",
                "Xiaomi 13",
                "--os",
                "Android 14",
                "-q");
        assertEquals(0, created.exitCode(), created.err());
        deviceId = created.out().strip();
        assertEquals(deviceId, DeviceHome.of(home, "old-phone").info().deviceId());
    }

    @Test
    void aRefusalPrintsTheProblemTitleAndDetailAndExitsNonZero() throws IOException {
        try (StubServer server = new StubServer(request -> new StubServer.Response(
                409,
                Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"urn:photosync:problem:login-taken\",\"title\":\"Login"
                        + " taken\",\"status\":409,\"detail\":\"the login 'alice' is already in use\"}"))) {
            Run signup = run(server, "signup", "alice", "--password", "correct horse battery staple");

            assertEquals(DeviceCommandBase.REFUSED, signup.exitCode());
            assertEquals("", signup.out());
            assertTrue(
                    signup.err().contains("account-service refused the request (HTTP 409): Login taken"), signup.err());
            assertTrue(signup.err().contains("the login 'alice' is already in use"), signup.err());
            assertTrue(server.requests().get(0).header("DPoP") == null, "sign-up needs no device proof");
        }
    }

    @Test
    void loginStoresTheSessionAndUploadSendsTheFileAsMultipart() throws IOException {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
        Path photo = Files.write(home.resolve("shot.jpg"), jpeg);
        try (StubServer server = new StubServer(request -> switch (request.path()) {
            case "/v1/sessions" -> StubServer.Response.json(201, tokens("s-1"));
            case "/v1/photos" -> StubServer.Response.json(201, """
                {"photoId":"p-1","sha256":"abc","bytes":7,"uploadedAt":"2026-11-20T01:20:00Z",
                 "uploadedBy":{"deviceId":"d","sessionId":"s-1"},"capture":{"make":"Xiaomi","model":"Xiaomi 13"},
                 "log":{"status":"PENDING"}}\
                """);
            default -> StubServer.Response.json(404, "{}");
        })) {
            Run login = run(
                    server,
                    "login",
                    "--login",
                    "alice",
                    "--password",
                    "pw",
                    "--lat",
                    "30.27",
                    "--lon",
                    "120.15",
                    "--forwarded-for",
                    "36.24.0.10");
            assertEquals(0, login.exitCode(), login.err());
            assertTrue(login.out().contains("session:   s-1"), login.out());
            assertEquals("36.24.0.10", server.requests().get(0).header("X-Forwarded-For"));

            Run upload = run(server, "upload", photo.toString());
            assertEquals(0, upload.exitCode(), upload.err());
            assertTrue(upload.out().contains("-> photo p-1 (new)"), upload.out());
            assertTrue(upload.out().contains("camera (EXIF): Xiaomi 13"), upload.out());

            StubServer.Request sent = server.requests().get(1);
            assertEquals("DPoP access-s-1", sent.header("Authorization"));
            String contentType = sent.header("Content-Type");
            assertTrue(contentType.startsWith("multipart/form-data; boundary="), contentType);
            String boundary = contentType.substring(contentType.indexOf('=') + 1);
            String head = "--" + boundary
                    + "\r\n"
                    + "Content-Disposition: form-data; name=\"file\"; filename=\"shot.jpg\"\r\n"
                    + "Content-Type: image/jpeg\r\n\r\n";
            byte[] body = sent.body();
            assertEquals(head, new String(body, 0, head.length(), StandardCharsets.ISO_8859_1));
            byte[] part = java.util.Arrays.copyOfRange(body, head.length(), head.length() + jpeg.length);
            assertArrayEquals(jpeg, part);
            assertEquals(
                    "\r\n--" + boundary + "--\r\n",
                    new String(
                            body,
                            head.length() + jpeg.length,
                            body.length - head.length() - jpeg.length,
                            StandardCharsets.ISO_8859_1));

            Run quiet = run(server, "upload", "-q", photo.toString());
            assertEquals("p-1\n", quiet.out());
            Run json = run(server, "upload", "--json", photo.toString());
            assertEquals(
                    "s-1",
                    Json.MAPPER
                            .readTree(json.out())
                            .path("uploadedBy")
                            .path("sessionId")
                            .asText());
        }
    }

    @Test
    void syncFollowsTheCursorUntilNothingIsLeftAndKeepsIt() throws IOException {
        List<String> sinceSeen = new ArrayList<>();
        Function<StubServer.Request, StubServer.Response> pages = request -> {
            String query = request.query();
            String since = query.contains("since=") ? query.substring(query.indexOf("since=") + 6) : null;
            sinceSeen.add(since);
            if (since == null) {
                return StubServer.Response.json(
                        200, "{\"changes\":[" + change(1, "p-1") + "," + change(2, "p-2") + "],\"nextCursor\":\"c2\"}");
            }
            if (since.equals("c2")) {
                return StubServer.Response.json(200, "{\"changes\":[" + change(3, "p-3") + "],\"nextCursor\":\"c3\"}");
            }
            return StubServer.Response.json(200, "{\"changes\":[],\"nextCursor\":\"" + since + "\"}");
        };
        try (StubServer server = new StubServer(pages)) {
            signedIn();
            Run sync = run(server, "sync", "--limit", "2");

            assertEquals(0, sync.exitCode(), sync.err());
            assertEquals(java.util.Arrays.asList(null, "c2", "c3"), sinceSeen);
            assertTrue(
                    sync.out().contains("+ added photo p-1 (seq 1)\n    uploaded by device OLD, session s-old"),
                    sync.out());
            assertTrue(sync.out().contains("3 added, 0 deleted"), sync.out());
            assertEquals("c3", DeviceHome.of(home, "old-phone").syncCursor().orElseThrow());
            assertTrue(
                    server.requests().get(0).query().startsWith("limit=2"),
                    server.requests().get(0).query());

            sinceSeen.clear();
            Run again = run(server, "sync");
            assertEquals(List.of("c3"), sinceSeen, "the next sync starts where the last one ended");
            assertTrue(again.out().contains("0 added, 0 deleted"), again.out());
        }
    }

    @Test
    void whyAsksForThisDeviceAndSavesTheReportExactlyAsReceived() throws IOException {
        String report = sampleReport();
        try (StubServer server = new StubServer(request -> StubServer.Response.json(200, report))) {
            signedIn();
            Path saved = home.resolve("out/report.json");
            Run why = run(server, "why", "5b0e6c1a-2f6d-4c59-9d0a-6f3b2a1c9e11", "--json", saved.toString());

            assertEquals(0, why.exitCode(), why.err());
            StubServer.Request asked = server.requests().get(0);
            assertEquals("/v1/provenance/photos/5b0e6c1a-2f6d-4c59-9d0a-6f3b2a1c9e11", asked.path());
            assertEquals("device=" + deviceId, asked.query());
            assertTrue(why.out().contains("UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT"), why.out());
            assertTrue(why.out().contains("Hangzhou"), why.out());
            assertEquals(report, Files.readString(saved));
        }
    }

    @Test
    void whyWaitsForTheLogToRecordThePhotoReachingThisDevice() throws IOException {
        String delivered = sampleReport().replace("NEWPHONE-thumbprint-0000000000000000000000000", deviceId);
        String notYet = delivered.replace("\"step\": \"DELIVERY\"", "\"step\": \"PENDING\"");
        List<String> answers = new ArrayList<>(List.of("404", notYet, delivered));
        try (StubServer server = new StubServer(request -> {
            String next = answers.size() > 1 ? answers.remove(0) : answers.get(0);
            return next.equals("404")
                    ? new StubServer.Response(
                            404,
                            Map.of("Content-Type", "application/problem+json"),
                            "{\"title\":\"Not found\",\"status\":404}")
                    : StubServer.Response.json(200, next);
        })) {
            signedIn();
            Run why = run(server, "why", "5b0e6c1a-2f6d-4c59-9d0a-6f3b2a1c9e11", "--wait", "20");

            assertEquals(0, why.exitCode(), why.err());
            assertEquals(3, server.requests().size());
            assertTrue(why.out().contains("3. DELIVERY"), why.out());
        }
    }

    @Test
    void withoutWaitingAnUnknownPhotoIsReportedAsTheServiceSaysIt() throws IOException {
        try (StubServer server = new StubServer(request -> new StubServer.Response(
                404,
                Map.of("Content-Type", "application/problem+json"),
                "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no such photo on this account\"}"))) {
            signedIn();
            Run why = run(server, "why", "nope");

            assertEquals(DeviceCommandBase.REFUSED, why.exitCode());
            assertEquals(1, server.requests().size());
            assertTrue(why.err().contains("audit-service refused the request (HTTP 404): Not found"), why.err());
            assertTrue(why.err().contains("no such photo on this account"), why.err());
        }
    }

    @Test
    void sessionsMarksThisDevicesOwn() throws IOException {
        try (StubServer server = new StubServer(request -> StubServer.Response.json(200, """
            [{"sessionId":"s-old","status":"ACTIVE","current":false,"device":{"id":"OLD","name":"Old phone","model":"Xiaomi 13"},
              "createdAt":"2026-11-20T01:00:05Z","location":{"city":"Hangzhou","country":"CN"},"authMethod":"password"},
             {"sessionId":"s-1","status":"ACTIVE","current":true,"device":{"id":"NEW","name":"New phone","model":"Xiaomi 14"}}]\
            """))) {
            signedIn();
            Run sessions = run(server, "sessions");

            assertEquals(0, sessions.exitCode(), sessions.err());
            assertTrue(
                    sessions.out()
                            .contains("  s-old  ACTIVE\n"
                                    + "    device:            Xiaomi 13 \"Old phone\" (OLD)\n"
                                    + "    ip location:       Hangzhou, CN\n"),
                    sessions.out());
            assertTrue(sessions.out().contains("    createdAt:         2026-11-20 01:00:05 UTC\n"), sessions.out());
            assertTrue(sessions.out().contains("* s-1  ACTIVE  (this device)"), sessions.out());
        }
    }

    @Test
    void alertsLeadWithTheirSummary() throws IOException {
        try (StubServer server = new StubServer(request -> StubServer.Response.json(200, """
            [{"type":"NEW_DEVICE_SIGN_IN","createdAt":"2026-11-21T11:14:29Z","sessionId":"s-1",
              "details":{"summary":"New device signed in: New phone","deviceModel":"Huawei Mate 60"}}]\
            """))) {
            signedIn();
            Run alerts = run(server, "alerts");

            assertEquals(0, alerts.exitCode(), alerts.err());
            assertEquals("""
                1 security alert(s):
                ! NEW_DEVICE_SIGN_IN  2026-11-21 11:14:29 UTC
                    New device signed in: New phone
                    sessionId:         s-1
                    details:           {deviceModel: Huawei Mate 60}
                """, alerts.out());
        }
    }

    @Test
    void theLoginIsGivenOnceAndOnlyOnce() {
        Run none = run(null, "signup", "--password", "pw");
        assertEquals(DeviceCommandBase.LOCAL_ERROR, none.exitCode());
        assertTrue(none.err().contains("the account's login is missing"), none.err());
        Run two = run(null, "signup", "alice", "--login", "bob", "--password", "pw");
        assertEquals(DeviceCommandBase.LOCAL_ERROR, two.exitCode());
        assertTrue(two.err().contains("two different logins"), two.err());
    }

    @Test
    void aSecondDeviceNewUnderTheSameNameIsALocalError() {
        Run again = run(null, "device", "new", "--device", "old-phone", "--name", "Other");
        assertEquals(DeviceCommandBase.LOCAL_ERROR, again.exitCode());
        assertTrue(again.err().contains("already has a key"), again.err());
    }

    @Test
    void commandsNeedingASessionSayHowToGetOne() {
        Run sync = run(null, "sync");
        assertEquals(DeviceCommandBase.LOCAL_ERROR, sync.exitCode());
        assertTrue(
                sync.err().contains("is not signed in; sign in first with: login LOGIN --device old-phone"),
                sync.err());
    }

    @Test
    void caseOpenSendsPhotoAndQuestionAndCaseShowPrintsStateGrantAndResolutionEscaped() throws IOException {
        signedIn();
        String answer = """
            {"id":"c-1","accountId":"a-1","photoId":"p-1","question":"Why is it here?","state":"resolved","resolution":"Signed out.\u202e\\nOK",
             "grant":{"id":"g-1","caseId":"c-1","state":"active","reason":"owner-request","expiresAt":"2026-12-06T16:00:00Z"}}\
            """;
        try (StubServer server = new StubServer(
                request -> StubServer.Response.json(request.method().equals("POST") ? 201 : 200, answer))) {
            Run opened = run(server, "case", "open", "--photo", "p-1", "--question", "Why is it here?");
            assertEquals(0, opened.exitCode(), opened.err());
            StubServer.Request sent = server.requests().get(0);
            assertEquals("POST /v1/me/cases", sent.method() + " " + sent.path());
            assertEquals(
                    "{\"question\":\"Why is it here?\",\"photoId\":\"p-1\"}",
                    new String(sent.body(), StandardCharsets.UTF_8));

            Run shown = run(server, "case", "show", "c-1");
            assertEquals(0, shown.exitCode(), shown.err());
            assertEquals(
                    "GET /v1/me/cases/c-1",
                    server.requests().get(1).method() + " "
                            + server.requests().get(1).path());
            assertTrue(shown.out().startsWith("Case c-1  resolved\n"), shown.out());
            assertTrue(
                    shown.out()
                            .contains("grant:             g-1 active until 2026-12-06 16:00:00 UTC (reason"
                                    + " owner-request)"),
                    shown.out());
            assertTrue(
                    shown.out().contains("resolution:        Signed out.\\u202e\\u000aOK"),
                    "control and bidi characters escaped: " + shown.out());
        }
    }

    @Test
    void caseRevokeAccessDeletesTheGrant() throws IOException {
        signedIn();
        try (StubServer server = new StubServer(request -> StubServer.Response.json(
                200,
                "{\"id\":\"g-1\",\"state\":\"ended\",\"endedBy\":\"owner\",\"endedAt\":\"2026-12-03T16:00:00Z\"}"))) {
            Run ended = run(server, "case", "revoke-access", "g-1");
            assertEquals(0, ended.exitCode(), ended.err());
            assertEquals(
                    "DELETE /v1/me/grants/g-1",
                    server.requests().get(0).method() + " "
                            + server.requests().get(0).path());
            assertEquals("Grant g-1 ended at 2026-12-03 16:00:00 UTC (ended by owner)\n", ended.out());
        }
    }

    @Test
    void accessLogIsVerifiedBeforeAnyLineIsShown() throws Exception {
        String log = golden("alice.json");
        String key = golden("log.vkey").strip();
        signedInTo(accountOf(log));
        try (StubServer server = new StubServer(request -> request.path().equals("/v1/log/key")
                ? new StubServer.Response(200, Map.of("Content-Type", "text/plain"), key)
                : StubServer.Response.json(200, log))) {
            Run shown = run(
                    server, "access-log", "--save", home.resolve("saved.json").toString());
            assertEquals(0, shown.exitCode(), shown.err());
            assertTrue(shown.out().contains("OK: access chain of account " + accountOf(log)), shown.out());
            assertTrue(
                    shown.out()
                            .contains("resolved the case: \"Your old phone uploaded it from Hangzhou; the new phone"
                                    + " received it by sync.\\u000aI signed the old phone out.\""),
                    "the line break is escaped: " + shown.out());
            assertTrue(
                    shown.out().contains("NOTE: the log key is the one audit-service gave; pin it with --log-key"),
                    shown.out());
            assertEquals(log, Files.readString(home.resolve("saved.json")), "saved exactly as received");
            assertEquals(
                    List.of("/v1/me/access-log", "/v1/log/key"),
                    server.requests().stream().map(StubServer.Request::path).toList());
        }
        String edited = log.replace("signed out device", "looked at device");
        try (StubServer server = new StubServer(request -> StubServer.Response.json(200, edited))) {
            Run refused = run(server, "access-log", "--log-key", key);
            assertEquals(DeviceCommandBase.REFUSED, refused.exitCode());
            assertEquals("", refused.out(), "nothing of a log that does not verify is shown");
            assertTrue(
                    refused.err().startsWith("FAILED: the access log does not verify, nothing of it is shown: lines["),
                    refused.err());
        }
        signedInTo(accountOf(golden("bob.json")));
        try (StubServer server = new StubServer(request -> StubServer.Response.json(200, log))) {
            Run refused = run(server, "access-log", "--log-key", key);
            assertEquals(DeviceCommandBase.REFUSED, refused.exitCode());
            assertTrue(
                    refused.err().contains("not of the asking account " + accountOf(golden("bob.json"))),
                    refused.err());
        }
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = DeviceCommandsTest.class.getResourceAsStream("/access-log-golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The account of the first entry of an access log. */
    private static String accountOf(String accessLog) throws IOException {
        byte[] leaf = Base64.getDecoder()
                .decode(Json.MAPPER
                        .readTree(accessLog)
                        .at("/evidence/entries/0/leaf")
                        .asText());
        return Json.MAPPER.readTree(leaf).path("accountId").asText();
    }

    /** A stored session whose access token, JWT-shaped as account-service's, names {@code accountId} as its subject. */
    private void signedInTo(String accountId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String token = b64.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + accountId + "\"}").getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        DeviceHome.of(home, "old-phone")
                .saveSession(new StoredSession("alice", "s-1", token, "refresh", "2999-01-01T00:00:00Z"));
    }

    private static String sampleReport() throws IOException {
        try (InputStream json = DeviceCommandsTest.class.getResourceAsStream("sample-report.json")) {
            return new String(json.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void signedIn() {
        DeviceHome.of(home, "old-phone")
                .saveSession(new StoredSession("alice", "s-1", "access-s-1", "refresh", "2999-01-01T00:00:00Z"));
    }

    private String tokens(String sessionId) {
        return "{\"accessToken\":\"access-" + sessionId
                + "\",\"tokenType\":\"DPoP\",\"expiresIn\":300,\"refreshToken\":\"r\",\"sessionId\":\"" + sessionId
                + "\",\"deviceId\":\"" + deviceId + "\"}";
    }

    private static String change(int seq, String photoId) {
        return "{\"seq\":" + seq + ",\"op\":\"added\",\"photoId\":\"" + photoId + "\",\"sha256\":\"h" + seq
                + "\",\"uploadedBy\":{\"deviceId\":\"OLD\",\"sessionId\":\"s-old\"}}";
    }

    private Run run(StubServer server, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", home.toString()));
        if (!all.contains("--device")) {
            all.addAll(List.of("--device", "old-phone"));
        }
        if (server != null) {
            all.addAll(List.of(
                    "--account-url",
                    server.baseUrl(),
                    "--sync-url",
                    server.baseUrl(),
                    "--audit-url",
                    server.baseUrl()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(out, err, all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }
}
