package io.photosync.cli.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provenance report (sign-in → upload → delivery) over a small log signed by a test key: it verifies, and
 * each kind of edit fails with a message naming the entry or chain step. Leaves are written here by hand
 * in canonical form and digests computed straight from docs/EVENTS.md; the cross-check against
 * audit-service's own leaves and disclosures is integration-tests' LogProofsTest.
 */
class ReportVerifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PHOTO = "0b7f5b1e-4c1d-4f43-9a4e-7d3c1b2a9f10";
    private static final String OLD_PHONE = "R3rX0d9c1yR5Q8z6mPq2Wk7s4TnB1vL0aJ5eH8uY2fI";
    private static final String NEW_PHONE = "x9Lm2Qp7Rt4Vw1Zy8Ab5Cd3Ef6Gh0Ij2Kl4Mn6Op8Qr";
    private static final String SALT = "AAECAwQFBgcICQoLDA0ODw";

    private TestLog log;
    private VerifierKey key;
    private ObjectNode report;

    @BeforeEach
    void buildReport() throws Exception {
        log = new TestLog("example.test/audit-log");
        key = VerifierKey.parse(log.vkey);
        List<byte[]> entries = new ArrayList<>();
        entries.add(bytes("{\"id\":\"filler-0\",\"source\":\"account-service\",\"type\":\"ACCOUNT_CREATED\",\"v\":1}"));
        entries.add(bytes("{\"data\":{\"authMethod\":\"password\"},\"deviceId\":\"" + OLD_PHONE + "\",\"id\":\"e1\","
                + "\"occurredAt\":\"2026-11-20T08:00:00.000Z\",\"personal\":{\"deviceName\":\"" + digest("Old phone")
                + "\",\"ip\":\"" + digest("203.0.113.7") + "\",\"ipCity\":\"" + digest("Hangzhou") + "\"},"
                + "\"sessionId\":\"s-old\",\"source\":\"account-service\",\"type\":\"SIGN_IN\",\"v\":1}"));
        entries.add(bytes("{\"data\":{\"captureMake\":\"Xiaomi\",\"captureModel\":\"Xiaomi 13\","
                + "\"captureTakenAt\":\"2026-11-20T07:58:00Z\",\"sha256\":\"abc\"},\"deviceId\":\"" + OLD_PHONE + "\",\"id\":\"e2\","
                + "\"occurredAt\":\"2026-11-20T08:05:00.000Z\",\"personal\":{\"captureLat\":\"" + digestOfJson("30.25")
                + "\",\"captureLon\":\"" + digestOfJson("120.125") + "\"},\"photoId\":\"" + PHOTO + "\",\"sessionId\":\"s-old\","
                + "\"source\":\"sync-service\",\"type\":\"PHOTO_UPLOADED\",\"v\":1}"));
        entries.add(bytes("{\"id\":\"filler-3\",\"source\":\"account-service\",\"type\":\"TOKEN_REFRESHED\",\"v\":1}"));
        entries.add(bytes("{\"data\":{\"sha256\":\"abc\"},\"deviceId\":\"" + NEW_PHONE + "\",\"id\":\"e4\","
                + "\"occurredAt\":\"2026-11-21T09:00:00.000Z\",\"photoId\":\"" + PHOTO + "\",\"sessionId\":\"s-new\","
                + "\"source\":\"sync-service\",\"type\":\"PHOTO_DELIVERED\",\"v\":1}"));

        report = JSON.createObjectNode();
        ObjectNode photo = report.putObject("photo").put("id", PHOTO).put("sha256", "abc");
        photo.putObject("capture").put("takenAt", "2026-11-20T07:58:00Z").put("make", "Xiaomi").put("model", "Xiaomi 13")
                .put("lat", 30.25).put("lon", 120.125);
        report.putObject("device").put("id", NEW_PHONE);
        ArrayNode chain = report.putArray("chain");
        ObjectNode signIn = chain.addObject().put("step", "SIGN_IN").put("at", "2026-11-20T08:00:00Z")
                .put("deviceId", OLD_PHONE).put("deviceName", "Old phone").put("sessionId", "s-old")
                .put("ip", "203.0.113.7").put("authMethod", "password").put("logIndex", 1);
        signIn.putObject("location").put("city", "Hangzhou");
        chain.addObject().put("step", "UPLOAD").put("at", "2026-11-20T08:05:00.000Z").put("deviceId", OLD_PHONE)
                .put("deviceName", "Old phone").put("sessionId", "s-old").put("logIndex", 2);
        chain.addObject().put("step", "DELIVERY").put("at", "2026-11-21T09:00:00Z").put("deviceId", NEW_PHONE)
                .put("sessionId", "s-new").put("logIndex", 4);
        ObjectNode evidence = report.putObject("evidence");
        evidence.put("checkpoint", log.checkpoint(entries));
        evidence.put("logKey", log.vkey);
        ArrayNode evidenceEntries = evidence.putArray("entries");
        for (int index : new int[]{1, 2, 4}) {
            ObjectNode e = evidenceEntries.addObject().put("index", index)
                    .put("leaf", Base64.getEncoder().encodeToString(entries.get(index)));
            ArrayNode proof = e.putArray("inclusionProof");
            DefinitionalTree.inclusionProof(entries, index).forEach(h -> proof.add(Base64.getEncoder().encodeToString(h)));
            ArrayNode disclosures = e.putArray("disclosures");
            if (index == 1) {
                disclosures.addObject().put("field", "ip").put("salt", SALT).put("value", "203.0.113.7");
                disclosures.addObject().put("field", "ipCity").put("salt", SALT).put("value", "Hangzhou");
                disclosures.addObject().put("field", "deviceName").put("salt", SALT).put("value", "Old phone");
            }
            if (index == 2) {
                disclosures.addObject().put("field", "captureLat").put("salt", SALT).put("value", 30.25);
                disclosures.addObject().put("field", "captureLon").put("salt", SALT).put("value", 120.125);
            }
        }
    }

    @Test
    void theUneditedReportVerifies() throws Exception {
        ReportVerifier.Result r = ReportVerifier.verify(JSON.writeValueAsBytes(report), key);
        assertEquals(5, r.checkpoint().size());
        assertEquals(3, r.entries());
        assertEquals(5, r.disclosures());
        assertEquals(3, r.steps());
    }

    @Test
    void anEditedCityFailsAtItsStep() {
        fails(r -> step(r, 0).with("location").put("city", "Beijing"), "chain[0] (SIGN_IN) at log index 1: location.city says 'Beijing'");
    }

    @Test
    void anEditedIpDeviceOrTimeFailsAtItsStep() {
        fails(r -> step(r, 0).put("ip", "198.51.100.1"), "chain[0] (SIGN_IN) at log index 1: ip says");
        fails(r -> step(r, 2).put("deviceId", OLD_PHONE), "chain[2] (DELIVERY) at log index 4: deviceId says");
        fails(r -> step(r, 1).put("at", "2026-11-20T07:05:00Z"), "chain[1] (UPLOAD) at log index 2: time");
        fails(r -> step(r, 0).put("authMethod", "passkey"), "chain[0] (SIGN_IN) at log index 1: authMethod says");
    }

    @Test
    void aStepsDeviceNameMustBeTheOneItsSessionSignedInWith() {
        fails(r -> step(r, 1).put("deviceName", "New phone"),
                "chain[1] (UPLOAD) at log index 2: deviceName says 'New phone' but the leaf says 'Old phone'");
        fails(r -> step(r, 2).put("deviceName", "New phone"),
                "chain[2] (DELIVERY) at log index 4: deviceName 'New phone' is not backed by the leaf nor by a SIGN_IN entry of session s-new");
        fails(r -> {
            step(r, 1).put("sessionId", "s-new");
            step(r, 1).put("logIndex", 4);
            step(r, 1).put("deviceId", NEW_PHONE);
            step(r, 1).put("at", "2026-11-21T09:00:00Z");
            step(r, 1).put("step", "DELIVERY");
        }, "chain[1] (DELIVERY) at log index 4: deviceName 'Old phone' is not backed");
    }

    @Test
    void anEditedCaptureFailsAgainstTheUpload() {
        fails(r -> r.with("photo").with("capture").put("lat", 39.9042), "photo.capture.lat (upload at log index 2): says '39.9042' but the leaf says '30.25'");
        fails(r -> r.with("photo").with("capture").put("lon", 116.4074), "photo.capture.lon (upload at log index 2): says");
        fails(r -> r.with("photo").with("capture").put("make", "Google"), "photo.capture.make (upload at log index 2): says 'Google' but the leaf says 'Xiaomi'");
        fails(r -> r.with("photo").with("capture").put("takenAt", "2026-11-20T07:59:00Z"), "photo.capture.takenAt (upload at log index 2): says");
        fails(r -> ((ArrayNode) entry(r, 1).get("disclosures")).remove(0),
                "photo.capture.lat (upload at log index 2): '30.25' is not backed by the leaf (no personal.captureLat disclosed)");
        fails(r -> ((ArrayNode) r.get("chain")).remove(1), "photo.capture.takenAt '2026-11-20T07:58:00Z' is not backed: the chain cites no upload");
    }

    @Test
    void aDeliveryToAnotherDeviceThanTheReportsFails() {
        fails(r -> r.with("device").put("id", OLD_PHONE), "chain[2] (DELIVERY) at log index 4: the leaf records it for device " + NEW_PHONE);
    }

    @Test
    void theAskingDevicesNameMustBeDisclosedByOneOfItsSignIns() {
        // the evidence holds a sign-in of the old phone only
        fails(r -> r.with("device").put("name", "Old phone"),
                "device.name 'Old phone' is not backed by a SIGN_IN entry of device " + NEW_PHONE + " in the evidence disclosing it");
    }

    @Test
    void aStepCitingAnEntryOfAnotherKindOrNoEntryFails() {
        fails(r -> step(r, 1).put("logIndex", 1), "chain[1] (UPLOAD) at log index 1: the leaf is a SIGN_IN event, not PHOTO_UPLOADED");
        fails(r -> step(r, 2).put("logIndex", 3), "chain[2] (DELIVERY): cites log index 3 but the evidence holds no such entry");
        fails(r -> step(r, 2).remove("logIndex"), "chain[2] (DELIVERY): cites no log index");
    }

    @Test
    void aShownValueWithoutADisclosureFails() {
        fails(r -> ((ArrayNode) entry(r, 0).get("disclosures")).remove(1), "location.city 'Hangzhou' is not backed by the leaf");
    }

    @Test
    void anEditedDisclosureFailsItsDigest() {
        fails(r -> {
            ((ObjectNode) entry(r, 0).get("disclosures").get(1)).put("value", "Beijing");
            step(r, 0).with("location").put("city", "Beijing");
        }, "evidence.entries[0] (log index 1) disclosure 'ipCity': salted digest of the disclosed value does not match the leaf");
        fails(r -> ((ObjectNode) entry(r, 0).get("disclosures").get(0)).put("salt", "BAECAwQFBgcICQoLDA0ODw"),
                "disclosure 'ip': salted digest");
        // same bytes, but not the canonical spelling (unused low bits of the last character set)
        fails(r -> ((ObjectNode) entry(r, 0).get("disclosures").get(0)).put("salt", "AAECAwQFBgcICQoLDA0ODx"),
                "disclosure 'ip': salt is not canonical");
    }

    @Test
    void anEditedLeafOrProofFailsItsInclusion() {
        fails(r -> entry(r, 1).put("leaf", Base64.getEncoder().encodeToString(new String(Base64.getDecoder()
                        .decode(entry(r, 1).get("leaf").asText()), StandardCharsets.UTF_8).replace(NEW_PHONE, OLD_PHONE)
                        .replace(OLD_PHONE, NEW_PHONE).getBytes(StandardCharsets.UTF_8))),
                "evidence.entries[1] (log index 2): inclusion proof fails");
        fails(r -> ((ArrayNode) entry(r, 2).get("inclusionProof")).remove(0), "evidence.entries[2] (log index 4): inclusion proof fails");
        fails(r -> ((ArrayNode) entry(r, 1).get("inclusionProof")).set(0, Base64.getEncoder().encodeToString(new byte[32])),
                "does not lead to the root of size 5; it backs chain[1] (UPLOAD)");
        fails(r -> entry(r, 2).put("index", 3), "evidence.entries[2] (log index 3): inclusion proof fails");
    }

    @Test
    void aPhotoOtherThanTheLeavesFails() {
        fails(r -> r.with("photo").put("id", "11111111-2222-3333-4444-555555555555"), "chain[1] (UPLOAD) at log index 2: the leaf is about photo");
        fails(r -> r.with("photo").put("sha256", "def"), "the leaf's photo sha256 abc differs");
    }

    @Test
    void aCheckpointOfAnotherKeyOrAnEditedOneFails() throws Exception {
        TestLog impostor = new TestLog("example.test/audit-log");
        assertThrows(VerificationException.class,
                () -> ReportVerifier.verify(JSON.writeValueAsBytes(report), VerifierKey.parse(impostor.vkey)));
        fails(r -> r.with("evidence").put("checkpoint", r.get("evidence").get("checkpoint").asText().replaceFirst("\n5\n", "\n6\n")),
                "evidence.checkpoint: signature of key example.test/audit-log does not verify");
    }

    @Test
    void aLeafThatIsNotCanonicalFails() {
        fails(r -> {
            String leaf = new String(Base64.getDecoder().decode(entry(r, 0).get("leaf").asText()), StandardCharsets.UTF_8);
            entry(r, 0).put("leaf", Base64.getEncoder().encodeToString((leaf + " ").getBytes(StandardCharsets.UTF_8)));
        }, "evidence.entries[0] (log index 1)");
    }

    private void fails(Consumer<ObjectNode> edit, String expectedMessagePart) {
        ObjectNode edited = report.deepCopy();
        edit.accept(edited);
        VerificationException e = assertThrows(VerificationException.class,
                () -> ReportVerifier.verify(JSON.writeValueAsBytes(edited), key), expectedMessagePart);
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    private static ObjectNode step(ObjectNode r, int i) {
        return (ObjectNode) r.get("chain").get(i);
    }

    private static ObjectNode entry(ObjectNode r, int i) {
        return (ObjectNode) r.get("evidence").get("entries").get(i);
    }

    /** docs/EVENTS.md: base64url-nopad(SHA-256(salt ‖ UTF-8(JCS(value)))); JCS of a plain ASCII string is it in quotes. */
    private static String digest(String plainAscii) throws Exception {
        return digestOfJson("\"" + plainAscii + "\"");
    }

    /** The same digest over a value already in its RFC 8785 form (e.g. a number). */
    private static String digestOfJson(String canonicalJson) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(Base64.getUrlDecoder().decode(SALT));
        sha.update(canonicalJson.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
