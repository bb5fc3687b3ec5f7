package io.photosync.audit.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.audit.provenance.ProvenanceReport.ActionKind;
import io.photosync.audit.provenance.ProvenanceReport.ChainStep;
import io.photosync.audit.provenance.ProvenanceReport.Finding;
import io.photosync.audit.provenance.ProvenanceReport.FindingCode;
import io.photosync.audit.provenance.ProvenanceReport.VerdictCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The analysis on hand-built log entries shaped as docs/EVENTS.md says the sources write them. */
class ProvenanceAnalyzerTest {
    private static final UUID ACCOUNT = UUID.randomUUID();
    private static final String OLD_PHONE = "old-phone-thumbprint";
    private static final String NEW_PHONE = "new-phone-thumbprint";
    private static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");
    private static final ProvenanceReport.AsOf AS_OF = new ProvenanceReport.AsOf(42, T0.plus(Duration.ofDays(2)));

    private final ProvenanceAnalyzer analyzer = new ProvenanceAnalyzer(1000, "http://account");
    private final List<LoggedEvent> log = new ArrayList<>();
    private final UUID oldSession = UUID.randomUUID();
    private final UUID newSession = UUID.randomUUID();
    private final UUID photo = UUID.randomUUID();

    private LoggedEvent add(
            String type,
            Instant at,
            String device,
            UUID session,
            UUID photoId,
            Map<String, Object> data,
            Map<String, Object> personal) {
        LoggedEvent e = new LoggedEvent(log.size(), type, at, ACCOUNT, device, session, photoId, data, personal);
        log.add(e);
        return e;
    }

    private void signIn(
            Instant at,
            String device,
            UUID session,
            String name,
            String model,
            String city,
            double lat,
            double lon,
            String ip) {
        add(
                "SIGN_IN",
                at,
                device,
                session,
                null,
                Map.of(
                        "authMethod",
                        "password+dpop",
                        "expiresAt",
                        at.plus(Duration.ofDays(30)).toString()),
                Map.of(
                        "ip",
                        ip,
                        "ipCity",
                        city,
                        "ipCountry",
                        "China",
                        "ipLat",
                        lat,
                        "ipLon",
                        lon,
                        "ipSource",
                        "test-city.mmdb",
                        "deviceName",
                        name,
                        "deviceModel",
                        model));
    }

    private void incident(Duration betweenPhones) {
        signIn(T0, OLD_PHONE, oldSession, "Old phone", "Xiaomi 13", "Hangzhou", 30.2741, 120.1551, "203.0.113.7");
        add(
                "PHOTO_UPLOADED",
                T0.plusSeconds(60),
                OLD_PHONE,
                oldSession,
                photo,
                Map.of(
                        "sha256",
                        "ab",
                        "captureMake",
                        "Xiaomi",
                        "captureModel",
                        "Xiaomi 13",
                        "captureTakenAt",
                        "2026-11-19T08:00:00Z"),
                Map.of("ip", "203.0.113.7", "captureLat", 30.25, "captureLon", 120.16));
        Instant newSignIn = T0.plus(betweenPhones);
        signIn(newSignIn, NEW_PHONE, newSession, "New phone", "Pixel 9", "Beijing", 39.9042, 116.4074, "198.51.100.9");
        add(
                "PHOTO_DELIVERED",
                newSignIn.plusSeconds(5),
                NEW_PHONE,
                newSession,
                photo,
                Map.of("sha256", "ab"),
                Map.of("ip", "198.51.100.9"));
    }

    private ProvenanceReport analyze(String device) {
        return analyzer.analyze(photo, device, log, AS_OF).orElseThrow().report();
    }

    private static List<String> codes(ProvenanceReport report) {
        return report.findings().stream().map(f -> f.code().name()).toList();
    }

    @Test
    void photoSyncedFromTheOldPhoneIsExplainedStepByStep() {
        incident(Duration.ofDays(1));
        ProvenanceReport report = analyze(NEW_PHONE);

        assertEquals(
                VerdictCode.UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT,
                report.verdict().code());
        assertEquals(
                List.of("SIGN_IN", "UPLOAD", "SIGN_IN", "DELIVERY"),
                report.chain().stream().map(s -> s.step().name()).toList());
        ChainStep uploaderSignIn = report.chain().get(0);
        assertEquals(OLD_PHONE, uploaderSignIn.deviceId());
        assertEquals("Hangzhou", uploaderSignIn.location().city());
        assertEquals("Old phone", report.chain().get(1).deviceName());
        assertEquals("Beijing", report.chain().get(2).location().city());
        assertEquals(NEW_PHONE, report.chain().get(3).deviceId());
        assertEquals(
                List.of(0L, 1L, 2L, 3L),
                report.chain().stream().map(ChainStep::logIndex).toList());

        List<String> codes = codes(report);
        assertTrue(codes.contains("CONCURRENT_SESSIONS"), codes.toString());
        assertTrue(codes.contains("SESSION_STILL_ACTIVE"), codes.toString());
        assertTrue(codes.contains("NEW_DEVICE"), codes.toString());
        assertFalse(codes.contains("IMPOSSIBLE_TRAVEL"), "a day is enough to go from Hangzhou to Beijing");
        assertFalse(codes.contains("CAPTURE_DEVICE_DIFFERS"), "a Xiaomi camera on a Xiaomi 13");
        assertTrue(report.explanation().en().contains("Hangzhou")
                && report.explanation().en().contains("Old phone"));
        assertTrue(report.explanation().zh().contains("Hangzhou")
                && report.explanation().zh().contains("上传"));
        assertTrue(report.actions().stream()
                .anyMatch(
                        a -> a.kind() == ActionKind.SIGN_OUT_DEVICE && a.href().endsWith(OLD_PHONE)));
    }

    @Test
    void signInsTooFarApartForTheTimeBetweenThemAreImpossibleTravel() {
        incident(Duration.ofMinutes(10));
        assertTrue(codes(analyze(NEW_PHONE)).contains("IMPOSSIBLE_TRAVEL"));
    }

    @Test
    void aRevokedUploaderIsNoLongerActive() {
        incident(Duration.ofDays(1));
        add(
                "SESSION_REVOKED",
                T0.plus(Duration.ofDays(1)).plusSeconds(60),
                OLD_PHONE,
                oldSession,
                null,
                Map.of("reason", "user", "revokedBy", "user"),
                Map.of());
        ProvenanceReport report = analyze(NEW_PHONE);
        assertFalse(codes(report).contains("SESSION_STILL_ACTIVE"));
        assertTrue(codes(report).contains("UPLOADER_SESSION_ENDED"));
        assertTrue(report.actions().stream().noneMatch(a -> a.kind() == ActionKind.SIGN_OUT_DEVICE));
    }

    @Test
    void theUploaderAskingGetsItsOwnUploadBack() {
        incident(Duration.ofDays(1));
        ProvenanceReport report = analyze(OLD_PHONE);
        assertEquals(VerdictCode.UPLOADED_BY_THIS_DEVICE, report.verdict().code());
        assertTrue(codes(report).contains("UPLOADED_BY_THIS_DEVICE"));
    }

    @Test
    void aDeviceThatNeverReceivedThePhotoIsToldSo() {
        incident(Duration.ofDays(1));
        log.removeIf(e -> e.type().equals("PHOTO_DELIVERED"));
        ProvenanceReport report = analyze(NEW_PHONE);
        assertEquals(VerdictCode.NOT_DELIVERED_TO_THIS_DEVICE, report.verdict().code());
        assertEquals(
                List.of("SIGN_IN", "UPLOAD", "SIGN_IN"),
                report.chain().stream().map(s -> s.step().name()).toList());
    }

    @Test
    void aCameraThatIsNotTheUploadersIsFlagged() {
        signIn(T0, OLD_PHONE, oldSession, "Old phone", "iPhone 15", "Hangzhou", 30.27, 120.15, "203.0.113.7");
        add(
                "PHOTO_UPLOADED",
                T0.plusSeconds(60),
                OLD_PHONE,
                oldSession,
                photo,
                Map.of("sha256", "ab", "captureMake", "Xiaomi", "captureModel", "2211133C"),
                Map.of());
        assertTrue(codes(analyze(OLD_PHONE)).contains("CAPTURE_DEVICE_DIFFERS"));
    }

    @Test
    void unknownPhotoOrDeviceHasNoAnswer() {
        incident(Duration.ofDays(1));
        assertEquals(Optional.empty(), analyzer.analyze(UUID.randomUUID(), NEW_PHONE, log, AS_OF));
        assertEquals(Optional.empty(), analyzer.analyze(photo, "someone-elses-device", log, AS_OF));
    }

    @Test
    void theDisclosedFieldsAreThoseTheAnalysisReads() {
        incident(Duration.ofDays(1));
        ProvenanceAnalyzer.Analysis analysis =
                analyzer.analyze(photo, NEW_PHONE, log, AS_OF).orElseThrow();
        assertTrue(analysis.disclosed().get(0L).containsAll(List.of("ip", "ipCity", "deviceName", "deviceModel")));
        assertTrue(analysis.disclosed().get(1L).containsAll(List.of("ip", "captureLat", "captureLon")));
        // no impossible travel is found, but the verifier must be able to recompute that from the coordinates
        assertTrue(analysis.disclosed().get(0L).containsAll(List.of("ipLat", "ipLon")));
        assertTrue(analysis.disclosed().get(2L).containsAll(List.of("ipLat", "ipLon")));
    }

    @Test
    void theNewDevicesFirstSignInPlaceIsDisclosedBecauseTheFindingShowsIt() {
        incident(Duration.ofDays(1));
        // a later sign-in of the new phone: the finding names the first one's place, the device the latest one's name
        signIn(
                T0.plus(Duration.ofDays(1)).plusSeconds(600),
                NEW_PHONE,
                UUID.randomUUID(),
                "New phone",
                "Pixel 9",
                "Tianjin",
                39.3434,
                117.3616,
                "198.51.100.10");
        ProvenanceAnalyzer.Analysis analysis =
                analyzer.analyze(photo, NEW_PHONE, log, AS_OF).orElseThrow();
        Finding newDevice = analysis.report().findings().stream()
                .filter(f -> f.code() == FindingCode.NEW_DEVICE)
                .findFirst()
                .orElseThrow();
        assertTrue(newDevice.detail().contains("from Beijing, China"), newDevice.detail());
        assertTrue(
                analysis.disclosed().get(2L).containsAll(List.of("ipCity", "ipCountry")),
                analysis.disclosed().toString());
    }

    @Test
    void everyAbsenceIsStatedAsOfTheLogSizeAndTime() {
        incident(Duration.ofDays(1));
        ProvenanceReport active = analyze(NEW_PHONE);
        String asOf = "As of log size 42 (2026-11-22 02:00:00 UTC)";
        assertTrue(active.findings().stream()
                .anyMatch(f -> f.code() == FindingCode.SESSION_STILL_ACTIVE
                        && f.detail().startsWith(asOf)));
        assertTrue(
                active.explanation().en().contains(asOf + ", that device is still signed in"),
                active.explanation().en());
        assertTrue(
                active.explanation().zh().contains("截至日志大小 42（2026-11-22 02:00:00 UTC），该设备仍处于登录状态"),
                active.explanation().zh());
        assertEquals(AS_OF, active.asOf());

        log.removeIf(e -> e.type().equals("PHOTO_DELIVERED"));
        ProvenanceReport notDelivered = analyze(NEW_PHONE);
        assertTrue(notDelivered
                .verdict()
                .summary()
                .contains("as of log size 42 (2026-11-22 02:00:00 UTC), the log records no delivery"));
        assertTrue(notDelivered.findings().stream()
                .anyMatch(f -> f.code() == FindingCode.NO_DELIVERY_TO_THIS_DEVICE
                        && f.detail()
                                .equals(asOf + ", the log records no delivery or download of this photo to this device;"
                                        + " events still waiting in a service's outbox may not be logged yet.")));
        assertTrue(notDelivered.explanation().en().contains(asOf + ", the log records no delivery or download of it"));
        assertTrue(notDelivered.explanation().zh().contains("截至日志大小 42（2026-11-22 02:00:00 UTC），日志中没有它"));
    }

    @Test
    void aSessionPastItsExpiryAsOfTheReportHasEnded() {
        incident(Duration.ofDays(1));
        ProvenanceReport later = analyzer.analyze(
                        photo, NEW_PHONE, log, new ProvenanceReport.AsOf(42, T0.plus(Duration.ofDays(31))))
                .orElseThrow()
                .report();
        assertTrue(codes(later).contains("UPLOADER_SESSION_ENDED"), codes(later).toString());
        assertFalse(codes(later).contains("SESSION_STILL_ACTIVE"));
    }
}
