package io.photosync.cli.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReportPrinterTest {
    private static JsonNode sample() throws IOException {
        try (InputStream json = ReportPrinterTest.class.getResourceAsStream("sample-report.json")) {
            return Json.MAPPER.readTree(json);
        }
    }

    @Test
    void theSampleReportReadsAsText() throws IOException {
        String text = new ReportPrinter(ZoneOffset.UTC).render(sample());

        assertTrue(text.startsWith("Why is photo 5b0e6c1a-2f6d-4c59-9d0a-6f3b2a1c9e11 on this phone?\n"), text);
        assertTrue(text.contains("Asked by:  Xiaomi 14 \"New phone\" (device id NEWPHONE-thumbprint-"), text);
        assertTrue(
                text.contains("VERDICT\n"
                        + "  UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT\n"
                        + "  This photo was uploaded by another device"),
                text);
        assertTrue(
                text.contains("camera:  Xiaomi 13, taken 2026-11-20 01:15:00 UTC, at 30.2741, 120.1551  [EXIF]"), text);
        assertTrue(text.contains("""
              1. SIGN_IN   2026-11-20 01:00:05 UTC
                           device:  "Old phone" (device id OLDPHONE-thumbprint-0000000000000000000000000)
                           session: 0f8e2c4a-1111-4a4a-9c9c-000000000001
                           from:    IP 36.24.0.10 — Hangzhou, Zhejiang, CN (source: GeoLite2-City test database)
                           method:  password
                           log:     entry #3
            """), text);
        assertTrue(text.contains("  3. DELIVERY  2026-11-21 02:00:00 UTC\n"), text);
        assertTrue(text.contains("from:    IP 123.112.0.20 — Beijing, Beijing, CN"), text);
        assertTrue(
                text.contains(
                        "  [HIGH] CONCURRENT_SESSIONS\n      The old phone's session (Hangzhou) was still active"),
                text);
        assertTrue(text.contains("  [MEDIUM] SESSION_STILL_ACTIVE\n"), text);
        assertTrue(text.contains("On 20 November 2026 at 01:00 UTC a device named \"Old phone\""), text);
        assertTrue(text.contains("说明\n  2026年11月20日01:00（UTC），名为“Old phone”（Xiaomi 13）的设备在杭州"), text);
        assertTrue(
                text.contains("  - SIGN_OUT_SESSION  (DELETE /v1/me/sessions/0f8e2c4a-1111-4a4a-9c9c-000000000001)\n"
                        + "      with this CLI: revoke 0f8e2c4a-1111-4a4a-9c9c-000000000001\n"),
                text);
        assertTrue(text.contains("  - OPEN_SUPPORT_CASE  (/v1/cases)"), text);
        assertTrue(
                text.contains("3 log entries with inclusion proofs against the signed checkpoint of log"
                        + " 'photosync.example/log' (tree size 13)."),
                text);
    }

    @Test
    void theStepsKeepTheReportsOrder() throws IOException {
        String text = new ReportPrinter(ZoneOffset.UTC).render(sample());
        int signIn = text.indexOf("1. SIGN_IN");
        int upload = text.indexOf("2. UPLOAD");
        int delivery = text.indexOf("3. DELIVERY");
        assertTrue(signIn > 0 && signIn < upload && upload < delivery, text);
    }

    @Test
    void timesAreShownInTheAskedZone() throws IOException {
        String text = new ReportPrinter(ZoneId.of("Asia/Shanghai")).render(sample());
        assertTrue(text.contains("1. SIGN_IN   2026-11-20 09:00:05 UTC+08:00"), text);
        assertTrue(text.contains("taken 2026-11-20 09:15:00 UTC+08:00"), text);
    }

    @Test
    void epochSecondTimesAndLowerCaseSeveritiesReadTheSame() throws IOException {
        JsonNode report = Json.MAPPER.readTree("""
            {"photo":{"id":"p-1","capture":{"lat":30.252000000000002,"lon":120.14200000000001}},"verdict":{"code":"X"},
             "chain":[{"step":"SIGN_IN","at":1795259654.958496223}],
             "findings":[{"code":"SESSION_STILL_ACTIVE","severity":"high"}]}\
            """);
        String text = new ReportPrinter(ZoneOffset.UTC).render(report);
        assertTrue(text.contains("1. SIGN_IN   2026-11-21 11:14:14 UTC"), text);
        assertTrue(text.contains("[HIGH] SESSION_STILL_ACTIVE"), text);
        assertTrue(text.contains("at 30.252, 120.142"), text);
    }

    @Test
    void aStepWithoutANameTakesTheNameTheSameDeviceShowsOnAnotherStep() throws IOException {
        JsonNode report = Json.MAPPER.readTree("""
            {"photo":{"id":"p-1"},"verdict":{"code":"X"},
             "chain":[{"step":"SIGN_IN","at":"2026-11-20T01:00:05Z","deviceId":"OLD","deviceName":"Old phone"},
                      {"step":"UPLOAD","at":"2026-11-20T01:20:00Z","deviceId":"OLD"},
                      {"step":"DELIVERY","at":"2026-11-21T02:00:00Z","deviceId":"NEW"}]}\
            """);
        String text = new ReportPrinter(ZoneOffset.UTC).render(report);
        assertTrue(
                text.contains(
                        "2. UPLOAD    2026-11-20 01:20:00 UTC\n               device:  \"Old phone\" (device id OLD)"),
                text);
        assertTrue(
                text.contains("3. DELIVERY  2026-11-21 02:00:00 UTC\n               device:  (device id NEW)"), text);
    }

    @Test
    void longTextIsWrappedWithoutLosingWords() throws IOException {
        String text = new ReportPrinter(ZoneOffset.UTC).render(sample());
        String explanation = text.substring(text.indexOf("EXPLANATION\n") + 12, text.indexOf("\n\n说明"));
        for (String line : explanation.split("\n")) {
            assertTrue(line.length() <= 100, "too long: " + line);
        }
        String en = sample().path("explanation").path("en").asText();
        assertTrue(explanation.contains("\n"), "the sample explanation is long enough to wrap");
        assertEquals(en, explanation.replaceAll("\\s+", " ").strip());
    }

    @Test
    void aReportWithoutChainOrEvidenceSaysSoInsteadOfInventing() throws IOException {
        JsonNode bare = Json.MAPPER.readTree("""
            {"photo":{"id":"p-1"},"verdict":{"code":"NOT_DELIVERED_TO_THIS_DEVICE","summary":"This photo was never delivered to this device."},
             "chain":[],"findings":[]}\
            """);
        String text = new ReportPrinter(ZoneOffset.UTC).render(bare);
        assertTrue(
                text.contains("NOT_DELIVERED_TO_THIS_DEVICE\n  This photo was never delivered to this device."), text);
        assertTrue(text.contains("(no steps in this report)"), text);
        assertTrue(text.contains("FINDINGS\n  none"), text);
        assertTrue(text.contains("this report carries no evidence"), text);
        assertFalse(text.contains("EXPLANATION"), text);
        assertFalse(text.contains("camera:"), text);
    }
}
