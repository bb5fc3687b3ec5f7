package io.photosync.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reports as audit-service's analyzer renders them for the scenarios of {@code provenance-golden/} (see
 * {@link GoldenReport}), over version 2 logs signed by a test key: each verifies, and each kind of forgery fails with a
 * message naming what was forged. In the incident scenario the log is: 0 ACCOUNT_CREATED, 1 old phone signs in
 * (Shanghai), 2 TOKEN_REFRESHED, 3 old phone signs in (Hangzhou), 4 upload, 5 another account's sign-in, 6 new phone
 * signs in (Beijing), 7 delivery to the new phone, 8 upload of another photo, 9 its delivery to the new phone, 10
 * tablet
 * signs in, 11 delivery to the tablet, 12 SIGN_IN_FAILED; the evidence holds the session chain 0, 1, 3, 6, 10 and the
 * photo chain 4, 7, 11.
 */
class ReportVerifierTest {
    private static final String NEW_PHONE = "x9Lm2Qp7Rt4Vw1Zy8Ab5Cd3Ef6Gh0Ij2Kl4Mn6Op8Qr";
    private static final String TABLET = "Tb8Kq3Wn6Yp1Rs4Uv7Xz0Ac2Eg5Ik8Mo1Qs4Uw7Yb0D";
    private static final List<Long> EVIDENCE = List.of(0L, 1L, 3L, 4L, 6L, 7L, 10L, 11L);

    private GoldenReport incident;
    private VerifierKey key;

    @BeforeEach
    void buildIncident() throws Exception {
        incident = new GoldenReport("incident.json");
        key = VerifierKey.parse(incident.log.vkey);
    }

    @ParameterizedTest
    @ValueSource(strings = {"incident.json", "not-delivered.json", "own-upload.json"})
    void theAnalyzersReportOfEachScenarioVerifies(String scenario) throws Exception {
        GoldenReport g = new GoldenReport(scenario);
        ReportVerifier.Result r = ReportVerifier.verify(g.bytes(), VerifierKey.parse(g.log.vkey));
        assertEquals(g.golden.path("log").size(), r.checkpoint().size());
        assertEquals(g.chainIndices().size(), r.entries());
        assertEquals(g.account(), r.accountId());
        assertEquals(g.golden.path("report").path("findings").size(), r.findings());
    }

    @Test
    void theIncidentsChainsAreNamedWithTheirSpan() throws Exception {
        ReportVerifier.Result r = ReportVerifier.verify(incident.bytes(), key);
        assertEquals(EVIDENCE, incident.chainIndices().stream().toList());
        assertEquals(
                List.of(
                        new ReportVerifier.ChainSpan("session chain", 0, 10, 5),
                        new ReportVerifier.ChainSpan("photo chain", 4, 11, 3)),
                r.chains());
        assertEquals("https://account.example", r.accountServiceUrl());
    }

    @Test
    void aFlippedVerdictIsRefused() {
        fails(
                r -> r.with("verdict").put("code", "UPLOADED_BY_THIS_DEVICE"),
                "verdict says UPLOADED_BY_THIS_DEVICE but the evidence implies"
                        + " UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT");
    }

    @Test
    void aRemovedFindingIsNamedAsMissing() {
        fails(r -> removeFinding(r, "SESSION_STILL_ACTIVE"), "finding SESSION_STILL_ACTIVE missing");
        fails(r -> removeFinding(r, "IMPOSSIBLE_TRAVEL"), "finding IMPOSSIBLE_TRAVEL missing");
    }

    @Test
    void anAddedFindingIsNotImpliedByTheEvidence() {
        fails(
                r -> ((ArrayNode) r.get("findings"))
                        .addObject()
                        .put("code", "UPLOADED_BY_THIS_DEVICE")
                        .put("severity", "info")
                        .put("detail", "This device uploaded the photo itself."),
                "finding UPLOADED_BY_THIS_DEVICE is not implied by the evidence");
    }

    @Test
    void aFindingsSeverityOrDetailChangedIsRefused() {
        fails(
                r -> finding(r, "SESSION_STILL_ACTIVE").put("severity", "info"),
                "finding SESSION_STILL_ACTIVE has severity info but the evidence implies high");
        fails(
                r -> finding(r, "CONCURRENT_SESSIONS").put("detail", "Nothing to worry about."),
                "finding CONCURRENT_SESSIONS (findings[2]) detail differs from the rendering of the verified facts");
    }

    @Test
    void aRewrittenExplanationInEitherLanguageIsRefused() {
        fails(
                r -> r.with("explanation").put("en", "You uploaded this photo yourself from Beijing."),
                "explanation.en differs from the rendering of the verified facts from character 0");
        fails(
                r -> r.with("explanation").put("zh", "这张照片是您自己从北京上传的。"),
                "explanation.zh differs from the rendering of the verified facts");
        fails(
                r -> r.with("explanation")
                        .put("en", r.get("explanation").get("en").asText().replace("Hangzhou", "Beijing")),
                "explanation.en differs from the rendering of the verified facts from character 233");
    }

    @Test
    void aRewrittenSummaryIsRefused() {
        fails(
                r -> r.with("verdict").put("summary", "This device uploaded this photo itself."),
                "verdict.summary differs from the rendering of the verified facts");
    }

    @Test
    void aRemovedActionOrAChangedLinkIsRefused() {
        fails(
                r -> ((ArrayNode) r.get("actions")).remove(0),
                "action SIGN_OUT_DEVICE missing: the evidence implies DELETE https://account.example/v1/me/devices/");
        fails(
                r -> ((ObjectNode) r.get("actions").get(1))
                        .put("href", "https://account.example/v1/me/sessions/00000000-0000-4000-8000-000000000000"),
                "action END_SESSION href says"
                    + " 'https://account.example/v1/me/sessions/00000000-0000-4000-8000-000000000000' but the evidence"
                    + " implies");
        fails(
                r -> ((ObjectNode) r.get("actions").get(0)).put("method", "GET"),
                "action SIGN_OUT_DEVICE method says 'GET'");
    }

    @Test
    void linksToAnotherSiteThroughoutAreCaughtOnlyWhenTheAccountUrlIsPinned() throws Exception {
        ObjectNode phishing = incident.report.deepCopy();
        for (JsonNode a : phishing.get("actions")) {
            ((ObjectNode) a)
                    .put(
                            "href",
                            a.get("href").asText().replace("https://account.example", "https://account.example.evil"));
        }
        byte[] bytes = GoldenReport.JSON.writeValueAsBytes(phishing);
        assertEquals(
                "https://account.example.evil",
                ReportVerifier.verify(bytes, key).accountServiceUrl());
        VerificationException e = assertThrows(
                VerificationException.class,
                () -> ReportVerifier.verify(
                        bytes, key, ReportVerifier.DEFAULT_IMPOSSIBLE_TRAVEL_KMH, "https://account.example/"));
        assertTrue(
                e.getMessage().startsWith("action SIGN_OUT_DEVICE href says 'https://account.example.evil/"),
                e.getMessage());
    }

    @Test
    void anotherAccountsSignInSplicedInIsRefused() {
        fails(
                r -> evidence(r).insert(3, incident.evidenceEntry(5)),
                "evidence entry at log index 5 (SIGN_IN) is of account 9d2c4e7a-5b3f-4a61-8c0d-2e9f1a6b7c02, but entry"
                        + " 0 is of account 6a0e5c1b-1f0b-4d7e-9a51-3c7f0c2b8e01: a report is about one account only");
    }

    @Test
    void aDeliveryOfAnotherPhotoCitedIsRefused() {
        fails(
                r -> {
                    evidence(r).add(incident.evidenceEntry(9));
                    step(r, 3).put("logIndex", 9);
                },
                "evidence entry at log index 9 is a PHOTO_DELIVERED of photo 4c9a1d2e-7b6f-4e3a-8d1c-5f0e2a9b3c11, not"
                        + " of this report's photo");
    }

    @Test
    void aDeliveryToAnotherDeviceCitedIsRefused() {
        fails(
                r -> step(r, 3)
                        .put("logIndex", 11)
                        .put("deviceId", TABLET)
                        .put("at", "2026-11-20T09:00:05Z")
                        .put("sessionId", "11111111-0000-4000-8000-000000000004")
                        .remove(List.of("deviceName", "ip")),
                "chain[3] (DELIVERY) at log index 11: the leaf records it for device " + TABLET
                        + ", not for the report's device " + NEW_PHONE);
    }

    @Test
    void anOmittedSignInBreaksTheSessionChain() {
        fails(
                r -> evidence(r).remove(EVIDENCE.indexOf(1L)),
                "session chain: entry 3 links to entry 1, which the evidence does not contain: an entry of this"
                        + " account's sign-in history was left out");
    }

    /**
     * The limit of chains: the newest entry of a chain links to nothing after it, so leaving it out breaks no link.
     * Here it
     * is caught only because the report's findings rest on it (the tablet's sign-in 40 minutes after Beijing's).
     */
    @Test
    void anOmittedNewestSignInBreaksNoLinkButChangesWhatTheEvidenceImplies() {
        fails(
                r -> evidence(r).remove(EVIDENCE.indexOf(10L)),
                "finding IMPOSSIBLE_TRAVEL is not implied by the evidence");
    }

    @Test
    void anOmittedFirstEntryBreaksTheChainsBeginning() {
        fails(
                r -> evidence(r).remove(0),
                "session chain: entry 1, its first in the evidence, links to entry 0, which the evidence does not"
                        + " contain: the chain's beginning (an entry of this account's sign-in history) was left out");
    }

    @Test
    void anOmittedUploadBreaksThePhotoChain() {
        fails(
                r -> evidence(r).remove(EVIDENCE.indexOf(4L)),
                "photo chain: entry 7, its first in the evidence, links to entry 4, which the"
                        + " evidence does not contain");
    }

    @Test
    void anOmittedRevocationBreaksTheSessionChain() throws Exception {
        GoldenReport notDelivered = new GoldenReport("not-delivered.json");
        // 0 old phone signs in, 1 upload, 2 its session is revoked, 3 new phone signs in
        ObjectNode r = notDelivered.report.deepCopy();
        evidence(r).remove(1); // entries are 0, 1, 2, 3: the revocation is the third
        evidence(r).remove(1);
        evidence(r).insert(1, notDelivered.evidenceEntry(1));
        VerificationException e = assertThrows(
                VerificationException.class,
                () -> ReportVerifier.verify(
                        GoldenReport.JSON.writeValueAsBytes(r), VerifierKey.parse(notDelivered.log.vkey)));
        assertTrue(
                e.getMessage().contains("session chain: entry 3 links to entry 2, which the evidence does not contain"),
                e.getMessage());
    }

    @Test
    void anEntryOnNoChainIsRefused() {
        fails(
                r -> evidence(r).insert(2, incident.evidenceEntry(2)),
                "evidence entry at log index 2 is a TOKEN_REFRESHED entry, which is on no chain");
    }

    @Test
    void versionOneLeavesCannotProveCompleteness() throws Exception {
        GoldenReport v1 = new GoldenReport("incident.json", 1);
        VerificationException e = assertThrows(
                VerificationException.class, () -> ReportVerifier.verify(v1.bytes(), VerifierKey.parse(v1.log.vkey)));
        assertTrue(
                e.getMessage()
                        .contains(
                                "evidence entry at log index 0 is a version 1 leaf, which carries no chain link (prev):"
                                        + " the completeness of the evidence cannot be proven"),
                e.getMessage());
    }

    @Test
    void anAsOfOtherThanTheCheckpointIsRefused() {
        fails(
                r -> r.with("asOf").put("treeSize", 12),
                "asOf.treeSize 12 is not the size of the verified checkpoint, 13");
        fails(r -> r.remove("asOf"), "report has no asOf");
    }

    @Test
    void anAsOfTimeAfterTheUploadersExpiryChangesTheFindings() {
        // the old phone's session expires 2026-12-20 08:00: as of a later time it is no longer active
        fails(r -> r.with("asOf").put("at", "2026-12-25T00:00:00Z"), "finding UPLOADER_SESSION_ENDED missing");
        // a later time within the session: the same findings, but the absences are stated as of another time
        fails(
                r -> r.with("asOf").put("at", "2026-11-22T00:00:00Z"),
                "finding SESSION_STILL_ACTIVE (findings[3]) detail differs from the rendering of the verified facts"
                        + " from character 28");
    }

    @Test
    void aValueTheAnalysisReadsMustBeDisclosed() {
        // without the first sign-in's coordinates, IMPOSSIBLE_TRAVEL's absence between it and the next could not be
        // recomputed
        fails(
                r -> removeDisclosure(r, EVIDENCE.indexOf(1L), "ipLat"),
                "evidence entry at log index 1 (SIGN_IN) holds a digest of 'ipLat' but does not disclose it; the"
                        + " analysis reads it");
    }

    @Test
    void aChainStepLeftOutOrAddedIsRefused() {
        fails(
                r -> ((ArrayNode) r.get("chain")).remove(2),
                "chain says [SIGN_IN@3, UPLOAD@4, DELIVERY@7] but the evidence implies [SIGN_IN@3, UPLOAD@4,"
                        + " SIGN_IN@6, DELIVERY@7]");
        fails(r -> ((ArrayNode) r.get("chain")).remove(0), "chain says [UPLOAD@4, SIGN_IN@6, DELIVERY@7]");
    }

    @Test
    void anEditedCityFailsAtItsStep() {
        fails(
                r -> step(r, 0).with("location").put("city", "Beijing"),
                "chain[0] (SIGN_IN) at log index 3: location.city says 'Beijing'");
    }

    @Test
    void anEditedIpDeviceOrTimeFailsAtItsStep() {
        fails(r -> step(r, 0).put("ip", "198.51.100.1"), "chain[0] (SIGN_IN) at log index 3: ip says");
        fails(r -> step(r, 3).put("deviceId", TABLET), "chain[3] (DELIVERY) at log index 7: deviceId says");
        fails(r -> step(r, 1).put("at", "2026-11-20T07:05:00Z"), "chain[1] (UPLOAD) at log index 4: time");
        fails(r -> step(r, 0).put("authMethod", "passkey"), "chain[0] (SIGN_IN) at log index 3: authMethod says");
    }

    @Test
    void theAskingDevicesNameMustBeItsNewestSignIns() {
        fails(
                r -> r.with("device").put("name", "Old phone"),
                "device.name 'Old phone' is not backed by a SIGN_IN entry of device " + NEW_PHONE);
    }

    @Test
    void anEditedCaptureOrPhotoFails() {
        fails(
                r -> r.with("photo").with("capture").put("lat", 39.9042),
                "photo.capture.lat (upload at log index 4): says '39.9042' but the leaf says '30.25'");
        fails(
                r -> r.with("photo").put("sha256", "def"),
                "the leaf's photo sha256 47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU differs");
        fails(r -> r.with("photo").remove("id"), "photo.id is missing");
        fails(
                r -> r.with("photo").put("id", "11111111-2222-3333-4444-555555555555"),
                "evidence entry at log index 4 is a PHOTO_UPLOADED of photo");
    }

    @Test
    void anEditedDisclosureFailsItsDigest() {
        fails(
                r -> ((ObjectNode) entry(r, EVIDENCE.indexOf(3L))
                                .get("disclosures")
                                .get(0))
                        .put("value", "Beijing"),
                "evidence.entries[2] (log index 3) disclosure 'ipCity': salted digest of the disclosed value does not"
                        + " match the leaf");
    }

    @Test
    void anEditedLeafOrProofFailsItsInclusion() {
        fails(
                r -> entry(r, 3)
                        .put(
                                "leaf",
                                Base64.getEncoder()
                                        .encodeToString(GoldenReport.text(incident.leaves.get(4))
                                                .replace("\"bytes\":123456", "\"bytes\":123457")
                                                .getBytes(StandardCharsets.UTF_8))),
                "evidence.entries[3] (log index 4): inclusion proof fails");
        fails(
                r -> ((ArrayNode) entry(r, 5).get("inclusionProof")).remove(0),
                "evidence.entries[5] (log index 7): inclusion proof fails");
        fails(
                r -> ((ArrayNode) entry(r, 3).get("inclusionProof"))
                        .set(0, Base64.getEncoder().encodeToString(new byte[32])),
                "does not lead to the root of size 13; it backs chain[1] (UPLOAD)");
    }

    @Test
    void aCheckpointOfAnotherKeyOrAnEditedOneFails() throws Exception {
        TestLog impostor = new TestLog("example.test/audit-log");
        assertThrows(
                VerificationException.class,
                () -> ReportVerifier.verify(incident.bytes(), VerifierKey.parse(impostor.vkey)));
        fails(
                r -> r.with("evidence")
                        .put(
                                "checkpoint",
                                r.get("evidence").get("checkpoint").asText().replaceFirst("\n13\n", "\n14\n")),
                "evidence.checkpoint: signature of key example.test/audit-log does not verify");
    }

    @Test
    void aLeafThatIsNotCanonicalFails() {
        fails(
                r -> entry(r, 0)
                        .put(
                                "leaf",
                                Base64.getEncoder()
                                        .encodeToString((GoldenReport.text(incident.leaves.get(0)) + " ")
                                                .getBytes(StandardCharsets.UTF_8))),
                "evidence.entries[0] (log index 0)");
    }

    private void fails(Consumer<ObjectNode> edit, String expectedMessagePart) {
        ObjectNode edited = incident.report.deepCopy();
        edit.accept(edited);
        VerificationException e = assertThrows(
                VerificationException.class,
                () -> ReportVerifier.verify(GoldenReport.JSON.writeValueAsBytes(edited), key),
                expectedMessagePart);
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    private static void removeFinding(ObjectNode r, String code) {
        ArrayNode findings = (ArrayNode) r.get("findings");
        for (int i = 0; i < findings.size(); i++) {
            if (findings.get(i).get("code").asText().equals(code)) {
                findings.remove(i);
                return;
            }
        }
        throw new AssertionError("no finding " + code);
    }

    private static ObjectNode finding(ObjectNode r, String code) {
        for (JsonNode f : r.get("findings")) {
            if (f.get("code").asText().equals(code)) {
                return (ObjectNode) f;
            }
        }
        throw new AssertionError("no finding " + code);
    }

    private static void removeDisclosure(ObjectNode r, int entry, String field) {
        ArrayNode disclosures = (ArrayNode) entry(r, entry).get("disclosures");
        for (int i = 0; i < disclosures.size(); i++) {
            if (disclosures.get(i).get("field").asText().equals(field)) {
                disclosures.remove(i);
                return;
            }
        }
        throw new AssertionError("no disclosure " + field);
    }

    private static ArrayNode evidence(ObjectNode r) {
        return (ArrayNode) r.get("evidence").get("entries");
    }

    private static ObjectNode step(ObjectNode r, int i) {
        return (ObjectNode) r.get("chain").get(i);
    }

    private static ObjectNode entry(ObjectNode r, int i) {
        return (ObjectNode) r.get("evidence").get("entries").get(i);
    }
}
