package io.photosync.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.photosync.cli.Main;
import io.photosync.cli.verify.ReportVerifier;
import io.photosync.cli.verify.VerificationException;
import io.photosync.cli.verify.VerifierKey;
import io.photosync.testsupport.ServiceProcess;
import io.photosync.testsupport.TestDevice;
import io.photosync.testsupport.TestGeoIp;
import io.photosync.testsupport.TestPhotos;
import io.restassured.response.Response;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident of issue 5 with all three services running for real, as processes against fresh databases, the
 * outbox relays carrying account- and sync-service's events into audit-service's log: an old phone signs in
 * from Hangzhou and uploads three photos a Xiaomi camera took; seconds later a new phone signs in from
 * Beijing and syncs. The new phone then asks audit-service why one of those photos is on it, and the answer
 * (verdict, chain, times, places, findings, explanation) is checked against what the test did, and verified
 * offline by the cli's independent verifier; edited copies of it must fail that verifier.
 * The tests share the story and run in order; the last one signs the old phone out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhotoProvenanceEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Relay (every second) + sequencing and checkpoint (about a second) + projection, with room for a busy machine. */
    private static final Duration LOG_DELAY = Duration.ofSeconds(60);
    /** How far a logged time may be from the moment the test saw the request happen. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(1);

    private static final double PHOTO_LAT = 30.2590;
    private static final double PHOTO_LON = 120.1300;

    private static Services services;
    private static AuditServiceProcess audit;
    private static ServiceProcess account;
    private static ServiceProcess sync;

    private static String login;
    private static Phone oldPhone;
    private static Phone newPhone;
    private static Window oldSignIn;
    private static Window newSignIn;
    private static final List<String> photoIds = new ArrayList<>();
    private static final List<Window> uploads = new ArrayList<>();
    private static Window newPhoneSync;

    @BeforeAll
    static void startServicesAndPlayTheIncident() throws Exception {
        services = Services.start("e2e");
        audit = services.audit;
        account = services.account;
        sync = services.sync;

        login = "alice-" + System.nanoTime();
        services.signUp(login);
        oldPhone = new Phone(services, "Old phone", "Xiaomi 13", TestGeoIp.HANGZHOU_IP);
        oldSignIn = Window.around(() -> oldPhone.signIn(login));
        for (int i = 0; i < 3; i++) {
            byte[] jpeg = TestPhotos.jpegWithExif(
                    "Xiaomi", "Xiaomi 13", "2026:11:20 09:1" + i + ":00", PHOTO_LAT + i * 0.001, PHOTO_LON + i * 0.001);
            uploads.add(Window.around(() -> photoIds.add(oldPhone.upload(jpeg))));
        }
        newPhone = new Phone(services, "New phone", "Pixel 9", TestGeoIp.BEIJING_IP);
        newSignIn = Window.around(() -> newPhone.signIn(login));
        newPhoneSync = Window.around(() -> {
            JsonNode changes = newPhone.call("GET", sync.baseUrl() + "/v1/sync/changes", null)
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(JsonNode.class);
            List<String> synced = new ArrayList<>();
            changes.path("changes").forEach(c -> synced.add(c.path("photoId").asText()));
            assertEquals(photoIds, synced, "the new phone receives the three photos");
        });
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    @Order(1)
    void theNewPhoneLearnsTheOldPhoneUploadedThePhotoFromHangzhou() throws Exception {
        JsonNode report = awaitReport(newPhone, photoIds.get(0), newPhone.id(), r -> hasStep(r, "DELIVERY"));
        System.out.println("provenance report of photo " + photoIds.get(0) + " for the new phone:\n"
                + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));

        assertEquals(
                "UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT",
                report.at("/verdict/code").asText(),
                report.toString());
        assertTrue(
                report.at("/verdict/summary").asText().contains("Old phone"),
                report.at("/verdict/summary").asText());
        assertEquals(newPhone.id(), report.at("/device/id").asText());
        assertEquals("New phone", report.at("/device/name").asText());
        assertEquals("Pixel 9", report.at("/device/model").asText());

        JsonNode capture = report.at("/photo/capture");
        assertEquals("Xiaomi", capture.path("make").asText());
        assertEquals("Xiaomi 13", capture.path("model").asText());
        assertTrue(capture.path("takenAt").asText().startsWith("2026-11-20T09:10"), capture.toString());
        assertEquals(PHOTO_LAT, capture.path("lat").asDouble(), 1e-4, capture.toString());
        assertEquals(PHOTO_LON, capture.path("lon").asDouble(), 1e-4, capture.toString());

        JsonNode chain = report.path("chain");
        assertEquals(List.of("SIGN_IN", "UPLOAD", "SIGN_IN", "DELIVERY"), steps(chain), chain.toString());
        JsonNode signIn = chain.get(0);
        assertEquals(oldPhone.id(), signIn.path("deviceId").asText());
        assertEquals("Old phone", signIn.path("deviceName").asText());
        assertEquals(oldPhone.sessionId, signIn.path("sessionId").asText());
        assertEquals(TestGeoIp.HANGZHOU_IP, signIn.path("ip").asText());
        assertEquals("Hangzhou", signIn.at("/location/city").asText());
        assertEquals("CN", signIn.at("/location/country").asText());
        assertEquals("password+dpop", signIn.path("authMethod").asText());
        oldSignIn.assertContains(signIn, "the old phone's sign-in");
        JsonNode upload = chain.get(1);
        assertEquals(oldPhone.id(), upload.path("deviceId").asText());
        assertEquals(oldPhone.sessionId, upload.path("sessionId").asText());
        uploads.get(0).assertContains(upload, "the upload");
        JsonNode beijing = chain.get(2);
        assertEquals(newPhone.id(), beijing.path("deviceId").asText());
        assertEquals("New phone", beijing.path("deviceName").asText());
        assertEquals(newPhone.sessionId, beijing.path("sessionId").asText());
        assertEquals(TestGeoIp.BEIJING_IP, beijing.path("ip").asText());
        assertEquals("Beijing", beijing.at("/location/city").asText());
        newSignIn.assertContains(beijing, "the new phone's sign-in");
        JsonNode delivery = chain.get(3);
        assertEquals(newPhone.id(), delivery.path("deviceId").asText());
        assertEquals(newPhone.sessionId, delivery.path("sessionId").asText());
        newPhoneSync.assertContains(delivery, "the delivery");
        for (int i = 1; i < chain.size(); i++) {
            // the sources' relays run independently: the log's order is not the order of events across sources
            assertFalse(
                    Instant.parse(chain.get(i).path("at").asText())
                            .isBefore(Instant.parse(chain.get(i - 1).path("at").asText())),
                    "the chain is in time order: " + chain);
        }

        List<String> findings = codes(report.path("findings"));
        for (String expected :
                List.of("CONCURRENT_SESSIONS", "SESSION_STILL_ACTIVE", "NEW_DEVICE", "IMPOSSIBLE_TRAVEL")) {
            assertTrue(findings.contains(expected), expected + " missing from " + findings);
        }
        assertFalse(findings.contains("CAPTURE_DEVICE_DIFFERS"), "a Xiaomi camera on a Xiaomi 13: " + findings);
        assertFalse(findings.contains("UPLOADED_BY_THIS_DEVICE"), findings.toString());
        String travel = finding(report, "IMPOSSIBLE_TRAVEL").path("detail").asText();
        assertTrue(travel.contains("Hangzhou") && travel.contains("Beijing"), travel);
        assertEquals(
                "high", finding(report, "SESSION_STILL_ACTIVE").path("severity").asText());

        String en = report.at("/explanation/en").asText();
        String zh = report.at("/explanation/zh").asText();
        for (String mentioned : List.of("Hangzhou", "Old phone", "New phone", "Xiaomi 13")) {
            assertTrue(en.contains(mentioned), "en mentions " + mentioned + ": " + en);
            assertTrue(zh.contains(mentioned), "zh mentions " + mentioned + ": " + zh);
        }
        assertTrue(zh.contains("上传") && zh.contains("登录"), zh);
        assertTrue(
                codes(report.path("actions"), "kind").contains("END_SESSION"),
                report.path("actions").toString());
    }

    @Test
    @Order(2)
    void theReportVerifiesOfflineWithTheLogKey(@TempDir Path dir) throws Exception {
        JsonNode report = awaitReport(newPhone, photoIds.get(0), newPhone.id(), r -> hasStep(r, "DELIVERY"));
        ReportVerifier.Result result = ReportVerifier.verify(JSON.writeValueAsBytes(report), logKey());
        assertEquals(4, result.steps());
        assertTrue(result.entries() >= 4, "every step's entry is in the evidence");
        assertTrue(result.disclosures() > 0);

        // the same through the cli, as a person would: the report and the key as files
        Path keyFile = Files.writeString(
                dir.resolve("log.vkey"),
                given().get(audit.baseUri() + "/v1/log/key").asString());
        Path reportFile = Files.write(dir.resolve("report.json"), JSON.writeValueAsBytes(report));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(
                0,
                Main.run(out, err, "verify", reportFile.toString(), "--log-key", keyFile.toString()),
                out + "" + err);
        assertTrue(out.toString().startsWith("OK: checkpoint"), out.toString());

        ObjectNode edited = report.deepCopy();
        step(edited, 0).with("location").put("city", "Shanghai");
        Path editedFile = Files.write(dir.resolve("edited.json"), JSON.writeValueAsBytes(edited));
        StringWriter editedErr = new StringWriter();
        assertEquals(
                1,
                Main.run(
                        new StringWriter(),
                        editedErr,
                        "verify",
                        editedFile.toString(),
                        "--log-key",
                        keyFile.toString()));
        assertTrue(editedErr.toString().startsWith("FAILED: chain[0] (SIGN_IN)"), editedErr.toString());
    }

    @Test
    @Order(3)
    void anEditedReportFailsVerificationNamingTheStep() throws Exception {
        JsonNode report = awaitReport(newPhone, photoIds.get(0), newPhone.id(), r -> hasStep(r, "DELIVERY"));
        VerifierKey key = logKey();
        failsVerification(
                report,
                key,
                r -> step(r, 0).with("location").put("city", "Beijing"),
                "chain[0] (SIGN_IN)",
                "location.city says 'Beijing'");
        failsVerification(
                report,
                key,
                r -> step(r, 1)
                        .put(
                                "at",
                                Instant.parse(step(r, 1).path("at").asText())
                                        .minusSeconds(3600)
                                        .toString()),
                "chain[1] (UPLOAD)",
                "time");
        failsVerification(
                report,
                key,
                r -> step(r, 3).put("deviceId", oldPhone.id()),
                "chain[3] (DELIVERY)",
                "deviceId says '" + oldPhone.id() + "'");
        failsVerification(
                report,
                key,
                r -> step(r, 1).put("deviceName", "New phone"),
                "chain[1] (UPLOAD)",
                "deviceName says 'New phone'");
        failsVerification(
                report, key, r -> r.with("photo").with("capture").put("lat", 39.9042), "photo.capture.lat", "39.9042");
        long uploadIndex = report.path("chain").get(1).path("logIndex").asLong();
        failsVerification(
                report,
                key,
                r -> {
                    ObjectNode entry = evidenceEntry(r, uploadIndex);
                    ArrayNode proof = (ArrayNode) entry.get("inclusionProof");
                    byte[] hash = Base64.getDecoder().decode(proof.get(0).asText());
                    hash[0] ^= 1;
                    proof.set(0, Base64.getEncoder().encodeToString(hash));
                },
                "inclusion proof fails",
                "it backs chain[1] (UPLOAD)");
    }

    /**
     * Issue 9, as the attacker: what a person reads is recomputed from the evidence, and an entry left out is noticed.
     */
    @Test
    @Order(3)
    void aForgedVerdictFindingExplanationActionOrOmittedEntryFailsVerificationNamingIt() throws Exception {
        JsonNode report = awaitReport(newPhone, photoIds.get(0), newPhone.id(), r -> hasStep(r, "DELIVERY"));
        VerifierKey key = logKey();
        failsVerification(
                report,
                key,
                r -> r.with("verdict").put("code", "UPLOADED_BY_THIS_DEVICE"),
                "verdict says UPLOADED_BY_THIS_DEVICE but the evidence implies"
                        + " UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT");
        failsVerification(
                report,
                key,
                r -> {
                    ArrayNode findings = (ArrayNode) r.get("findings");
                    for (int i = findings.size() - 1; i >= 0; i--) {
                        if (findings.get(i).path("code").asText().equals("SESSION_STILL_ACTIVE")) {
                            findings.remove(i);
                        }
                    }
                },
                "finding SESSION_STILL_ACTIVE missing");
        failsVerification(
                report,
                key,
                r -> r.with("explanation").put("en", "You uploaded this photo yourself from Beijing."),
                "explanation.en differs from the rendering of the verified facts");
        failsVerification(
                report,
                key,
                r -> r.with("explanation").put("zh", "这张照片是您自己从北京上传的。"),
                "explanation.zh differs from the rendering of the verified facts");
        failsVerification(report, key, r -> ((ArrayNode) r.get("actions")).remove(0), "action SIGN_OUT_DEVICE missing");
        long oldSignInIndex = report.path("chain").get(0).path("logIndex").asLong();
        failsVerification(
                report,
                key,
                r -> {
                    ArrayNode entries = (ArrayNode) r.at("/evidence/entries");
                    for (int i = 0; i < entries.size(); i++) {
                        if (entries.get(i).path("index").asLong() == oldSignInIndex) {
                            entries.remove(i);
                            return;
                        }
                    }
                },
                "session chain",
                "left out");
        JsonNode other = awaitReport(newPhone, photoIds.get(1), newPhone.id(), r -> hasStep(r, "DELIVERY"));
        JsonNode otherDelivery = null;
        for (JsonNode step : other.path("chain")) {
            if (step.path("step").asText().equals("DELIVERY")) {
                otherDelivery = step;
            }
        }
        long otherIndex = otherDelivery.path("logIndex").asLong();
        JsonNode otherEntry = evidenceEntry((ObjectNode) other, otherIndex).deepCopy();
        failsVerification(
                report,
                key,
                r -> {
                    ((ArrayNode) r.at("/evidence/entries")).add(otherEntry);
                    step(r, 3).put("logIndex", otherIndex);
                },
                "not of this report's photo");
    }

    @Test
    @Order(4)
    void anotherAccountsPhoneOrDeviceGetsNotFound() {
        String otherLogin = "mallory-" + System.nanoTime();
        services.signUp(otherLogin);
        Phone stranger = new Phone(services, "Stranger's phone", "Pixel 8", TestGeoIp.SHANGHAI_IP);
        stranger.signIn(otherLogin);
        Response byStranger = stranger.askProvenance(photoIds.get(0), stranger.id());
        assertEquals(404, byStranger.statusCode(), byStranger.asString());
        assertEquals(
                404, stranger.askProvenance(photoIds.get(0), null).statusCode(), "default device: the stranger's own");
        Response otherDevice = newPhone.askProvenance(photoIds.get(0), stranger.id());
        assertEquals(404, otherDevice.statusCode(), otherDevice.asString());
        assertTrue(otherDevice.getContentType().startsWith("application/problem+json"), otherDevice.getContentType());
        Response unknownPhoto = newPhone.askProvenance("00000000-0000-4000-8000-000000000000", newPhone.id());
        assertEquals(404, unknownPhoto.statusCode(), unknownPhoto.asString());
    }

    @Test
    @Order(5)
    void aPhotoNotYetSyncedToTheNewPhoneIsAnsweredAsNotDelivered() throws Exception {
        String fourth = oldPhone.upload(
                TestPhotos.jpegWithExif("Xiaomi", "Xiaomi 13", "2026:11:20 09:30:00", PHOTO_LAT, PHOTO_LON));
        JsonNode report = awaitReport(newPhone, fourth, newPhone.id(), r -> true);
        assertEquals("NOT_DELIVERED_TO_THIS_DEVICE", report.at("/verdict/code").asText(), report.toString());
        // uploaded after the new phone signed in; the asking phone's own sign-in is shown, no delivery
        assertEquals(
                List.of("SIGN_IN", "SIGN_IN", "UPLOAD"),
                steps(report.path("chain")),
                report.path("chain").toString());
        assertEquals(
                newPhone.sessionId,
                report.path("chain").get(1).path("sessionId").asText());
        assertTrue(
                codes(report.path("findings")).contains("NO_DELIVERY_TO_THIS_DEVICE"),
                report.path("findings").toString());
        assertTrue(
                report.at("/explanation/en").asText().contains("no delivery"),
                report.at("/explanation/en").asText());
        ReportVerifier.verify(JSON.writeValueAsBytes(report), logKey());

        JsonNode own = awaitReport(oldPhone, fourth, oldPhone.id(), r -> true);
        assertEquals("UPLOADED_BY_THIS_DEVICE", own.at("/verdict/code").asText(), own.toString());
    }

    @Test
    @Order(6)
    void signingTheOldPhoneOutEndsSessionStillActive() throws Exception {
        newPhone.call("DELETE", account.baseUrl() + "/v1/me/sessions/" + oldPhone.sessionId, null)
                .then()
                .statusCode(204);
        JsonNode report = awaitReport(
                newPhone,
                photoIds.get(0),
                newPhone.id(),
                r -> !codes(r.path("findings")).contains("SESSION_STILL_ACTIVE"));
        List<String> findings = codes(report.path("findings"));
        assertTrue(findings.contains("UPLOADER_SESSION_ENDED"), findings.toString());
        assertTrue(findings.contains("CONCURRENT_SESSIONS"), "they were signed in at the same time: " + findings);
        assertFalse(
                codes(report.path("actions"), "kind").contains("END_SESSION"),
                report.path("actions").toString());
        ReportVerifier.verify(JSON.writeValueAsBytes(report), logKey());

        // audit-service follows account-service's revocation feed too: the signed-out phone may no longer ask
        Instant deadline = Instant.now().plusSeconds(10);
        Response refused;
        while ((refused = oldPhone.askProvenance(photoIds.get(0), null)).statusCode() != 401
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertEquals(401, refused.statusCode(), refused.asString());
    }

    /**
     * docs/PRIVACY.md, as an outside examiner: every public endpoint read for the whole tree gives no personal
     * value, no identifier that links entries, no digest, no photo content hash; a leaf is served only to its
     * account's own phone.
     */
    @Test
    @Order(7)
    void anAnonymousReaderOfEveryPublicEndpointLearnsNothingPersonalAndOnlyTheOwnerReadsAnEntry() throws Exception {
        JsonNode report = awaitReport(newPhone, photoIds.get(0), newPhone.id(), r -> hasStep(r, "DELIVERY"));
        Set<String> secrets = new TreeSet<>(List.of(
                login,
                "Old phone",
                "New phone",
                TestGeoIp.HANGZHOU_IP,
                TestGeoIp.BEIJING_IP,
                "Hangzhou",
                "Beijing",
                oldPhone.id(),
                newPhone.id(),
                oldPhone.sessionId,
                newPhone.sessionId));
        secrets.addAll(photoIds);
        List<byte[]> photoHashes = new ArrayList<>();
        for (JsonNode e : report.at("/evidence/entries")) {
            JsonNode leaf =
                    JSON.readTree(Base64.getDecoder().decode(e.path("leaf").asText()));
            for (String id : List.of("id", "accountId", "deviceId", "sessionId", "photoId")) {
                if (leaf.hasNonNull(id)) {
                    secrets.add(leaf.path(id).asText());
                }
            }
            leaf.path("personal").forEach(digest -> secrets.add(digest.asText()));
            if (leaf.at("/data/sha256").isTextual()) {
                secrets.add(leaf.at("/data/sha256").asText());
                photoHashes.add(
                        Base64.getUrlDecoder().decode(leaf.at("/data/sha256").asText()));
            }
        }
        assertTrue(secrets.size() > 20, "the owner's report names many identifiers and values: " + secrets.size());
        VerifierKey key = logKey();
        String checkpoint = given().get(audit.baseUri() + "/v1/log/checkpoint")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        long size = io.photosync.cli.verify.Checkpoint.openSigned(
                        checkpoint.getBytes(java.nio.charset.StandardCharsets.UTF_8), key)
                .size();
        StringBuilder published = new StringBuilder(checkpoint)
                .append(given().get(audit.baseUri() + "/v1/log/key").asString());
        for (long i = 0; i < size; i++) {
            published.append(given().get(audit.baseUri() + "/v1/log/entries/" + i + "/proof")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            published.append(given().queryParam("index", i)
                    .queryParam("treeSize", size)
                    .get(audit.baseUri() + "/v1/log/proofs/inclusion")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            if (i > 0) {
                published.append(given().queryParam("from", i)
                        .queryParam("to", size)
                        .get(audit.baseUri() + "/v1/log/proofs/consistency")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
            }
            assertEquals(
                    404,
                    given().get(audit.baseUri() + "/v1/log/entries/" + i).statusCode(),
                    "leaf " + i + " is not public");
        }
        List<byte[]> tiles = new ArrayList<>();
        for (String path : tilePaths(size)) {
            tiles.add(given().get(audit.baseUri() + "/v1/log/" + path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray());
        }
        assertTrue(tiles.size() >= 1);
        for (String secret : secrets) {
            assertFalse(published.indexOf(secret) >= 0, "a public endpoint reveals '" + secret + "'");
        }
        for (byte[] tile : tiles) {
            for (byte[] sha256 : photoHashes) {
                assertFalse(
                        Collections.indexOfSubList(toList(tile), toList(sha256)) >= 0,
                        "a tile holds a photo's content hash");
            }
        }

        // only the owner's phone reads an entry, with its disclosures; another account's phone is told it does not
        // exist
        long signInIndex = report.path("chain").get(0).path("logIndex").asLong();
        String url = audit.baseUri() + "/v1/me/log/entries/" + signInIndex;
        JsonNode own = JSON.readTree(
                newPhone.call("GET", url, null).then().statusCode(200).extract().asString());
        assertTrue(own.toString().contains("Hangzhou"), "the owner sees the disclosures: " + own);
        assertEquals(401, given().get(url).statusCode());
        String strangerLogin = "eve-" + System.nanoTime();
        services.signUp(strangerLogin);
        Phone stranger = new Phone(services, "Eve's phone", "Pixel 8", TestGeoIp.SHANGHAI_IP);
        stranger.signIn(strangerLogin);
        Response refused = stranger.call("GET", url, null);
        Response never = stranger.call("GET", audit.baseUri() + "/v1/me/log/entries/999999", null);
        assertEquals(404, refused.statusCode(), refused.asString());
        assertEquals(never.statusCode(), refused.statusCode());
        assertEquals(never.jsonPath().getString("title"), refused.jsonPath().getString("title"));
    }

    /**
     * Whether a login exists cannot be told from the public log: a failed sign-in for a known login and one for an
     * unknown login each add exactly one entry, and nobody but the owner can read either.
     */
    @Test
    @Order(8)
    void aFailedSignInGrowsThePublicLogTheSameWhetherOrNotTheLoginExists() throws Exception {
        VerifierKey key = logKey();
        long before = settledSize(key);
        failSignIn(login);
        long afterKnown = settledSize(key);
        failSignIn("nobody-" + System.nanoTime());
        long afterUnknown = settledSize(key);
        assertEquals(1, afterKnown - before, "a failed sign-in of an existing login");
        assertEquals(1, afterUnknown - afterKnown, "a failed sign-in of an unknown login");
    }

    private static void failSignIn(String login) {
        TestDevice device = TestDevice.generate();
        String url = account.baseUrl() + "/v1/sessions";
        given().header("DPoP", device.proof("POST", url))
                .contentType("application/json")
                .body(Map.of(
                        "login",
                        login,
                        "password",
                        "wrong password 0",
                        "device",
                        Map.of("name", "Probe", "model", "Probe", "os", "Android 15", "appVersion", "1.0")))
                .post(url)
                .then()
                .statusCode(401);
    }

    /** The checkpoint's size once it has not grown for two seconds (the relays deliver within one). */
    private static long settledSize(VerifierKey key) throws Exception {
        long size = -1;
        Instant stableSince = Instant.now();
        Instant deadline = Instant.now().plus(LOG_DELAY);
        while (Instant.now().isBefore(deadline)) {
            String note = given().get(audit.baseUri() + "/v1/log/checkpoint")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            long now = io.photosync.cli.verify.Checkpoint.openSigned(
                            note.getBytes(java.nio.charset.StandardCharsets.UTF_8), key)
                    .size();
            if (now != size) {
                size = now;
                stableSince = Instant.now();
            } else if (Duration.between(stableSince, Instant.now()).toSeconds() >= 2) {
                return size;
            }
            Thread.sleep(100);
        }
        return fail("the log kept growing for " + LOG_DELAY);
    }

    /** C2SP tlog-tiles paths of every tile of a tree of {@code size} leaves, partial tiles at the right edge. */
    private static List<String> tilePaths(long size) {
        List<String> paths = new ArrayList<>();
        for (int level = 0; (size >> (8 * level)) > 0; level++) {
            long hashes = size >> (8 * level);
            for (long n = 0; n * 256 < hashes; n++) {
                long width = Math.min(256, hashes - n * 256);
                paths.add("tile/" + level + "/" + tileIndex(n) + (width < 256 ? ".p/" + width : ""));
            }
        }
        return paths;
    }

    private static String tileIndex(long n) {
        String digits = Long.toString(n);
        digits = "0".repeat((3 - digits.length() % 3) % 3) + digits;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 3) {
            path.append(i + 3 < digits.length() ? "x" : "")
                    .append(digits, i, i + 3)
                    .append(i + 3 < digits.length() ? "/" : "");
        }
        return path.toString();
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> list = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }

    /** The moments just before a request was sent and just after its answer came: the logged time lies between. */
    private record Window(Instant before, Instant after) {
        static Window around(Runnable action) {
            Instant before = Instant.now();
            action.run();
            return new Window(before, Instant.now());
        }

        void assertContains(JsonNode step, String what) {
            Instant at = Instant.parse(step.path("at").asText());
            assertTrue(
                    !at.isBefore(before.minus(CLOCK_SLACK)) && !at.isAfter(after.plus(CLOCK_SLACK)),
                    what + " is logged at " + at + ", but happened between " + before + " and " + after);
        }
    }

    // --- asking and checking --------------------------------------------------------------------------------

    /** Asks until the log holds what the report needs (entries reach it through the relays within seconds). */
    private static JsonNode awaitReport(Phone phone, String photoId, String deviceId, Predicate<JsonNode> ready)
            throws Exception {
        Instant deadline = Instant.now().plus(LOG_DELAY);
        String last;
        do {
            Response r = phone.askProvenance(photoId, deviceId);
            last = r.statusCode() + " " + r.asString();
            if (r.statusCode() == 200) {
                JsonNode report = JSON.readTree(r.asString());
                if (ready.test(report)) {
                    return report;
                }
            } else if (r.statusCode() != 404) {
                fail("provenance of " + photoId + ": " + last);
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(deadline));
        return fail("the log did not catch up within " + LOG_DELAY + "; last answer: " + last);
    }

    private static VerifierKey logKey() throws Exception {
        String vkey = given().get(audit.baseUri() + "/v1/log/key")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return VerifierKey.parse(vkey);
    }

    private static void failsVerification(
            JsonNode report, VerifierKey key, Consumer<ObjectNode> edit, String... messageParts) {
        ObjectNode edited = report.deepCopy();
        edit.accept(edited);
        VerificationException e = assertThrows(
                VerificationException.class,
                () -> ReportVerifier.verify(JSON.writeValueAsBytes(edited), key),
                String.join(" ", messageParts));
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    private static boolean hasStep(JsonNode report, String step) {
        return steps(report.path("chain")).contains(step);
    }

    private static List<String> steps(JsonNode chain) {
        return codes(chain, "step");
    }

    private static List<String> codes(JsonNode array) {
        return codes(array, "code");
    }

    private static List<String> codes(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.path(field).asText()));
        return values;
    }

    private static JsonNode finding(JsonNode report, String code) {
        for (JsonNode f : report.path("findings")) {
            if (code.equals(f.path("code").asText())) {
                return f;
            }
        }
        return fail("no finding " + code);
    }

    private static ObjectNode step(ObjectNode report, int i) {
        return (ObjectNode) report.get("chain").get(i);
    }

    private static ObjectNode evidenceEntry(ObjectNode report, long index) {
        for (JsonNode e : report.at("/evidence/entries")) {
            if (e.path("index").asLong() == index) {
                return (ObjectNode) e;
            }
        }
        return fail("no evidence entry for log index " + index);
    }
}
