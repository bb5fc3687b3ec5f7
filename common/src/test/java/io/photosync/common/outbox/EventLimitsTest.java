package io.photosync.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The log's limits applied at the source: over-long strings truncated with a marker, everything else refused loudly.
 */
class EventLimitsTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30.123Z");
    private static final String DEVICE = "x".repeat(43);

    @Test
    void aStringWithinTheLimitIsKeptAsItIs() {
        assertEquals("PhotoSync/1.4.2", EventLimits.truncate("PhotoSync/1.4.2", 2048));
        String exactly = "a".repeat(2048);
        assertEquals(exactly, EventLimits.truncate(exactly, 2048));
    }

    @Test
    void aLongerStringKeepsItsBeginningAndSaysHowLongItWas() {
        String ua = "Mozilla/5.0 " + "A".repeat(2988);
        String t = EventLimits.truncate(ua, 2048);
        assertEquals(3000, ua.length());
        assertEquals(2048, t.length(), "exactly the limit");
        assertTrue(t.endsWith("…[truncated, 3000 chars]"), t.substring(2000));
        assertEquals(ua.substring(0, 2048 - "…[truncated, 3000 chars]".length()), t.substring(0, t.indexOf('…')));
        assertEquals(
                "a".repeat(2048 - 24) + "…[truncated, 2049 chars]",
                EventLimits.truncate("a".repeat(2049), 2048),
                "one character over is truncated too");
        assertEquals(10, EventLimits.truncate("a".repeat(100), 10).length(), "never over the limit, however small");
    }

    @Test
    void charactersAreCountedAsTheLogCountsThemAndAPairIsNeverSplit() {
        // 1500 emoji = 3000 UTF-16 code units: the log (String.length()) sees 3000 characters
        String emoji = "\uD83D\uDCF7".repeat(1500);
        String t = EventLimits.truncate(emoji, 2048);
        assertTrue(t.length() <= 2048);
        assertTrue(t.endsWith("…[truncated, 3000 chars]"));
        String kept = t.substring(0, t.indexOf('…'));
        assertEquals(0, kept.length() % 2, "whole pairs only");
        assertEquals(kept.length(), kept.codePointCount(0, kept.length()) * 2);
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacter() {
        assertEquals("a\uFFFDb\uFFFD", EventLimits.truncate("a\uD800b\uDC00", 2048));
        assertEquals("\uD83D\uDCF7", EventLimits.truncate("\uD83D\uDCF7", 2048));
    }

    @Test
    void everyStringOfDataAndPersonalIsBoundedAndTheOthersAreKept() {
        Map<String, Object> data =
                Map.of("authMethod", "password+dpop", "deviceFirstSeen", true, "expiresAt", "x".repeat(5000));
        Map<String, Object> personal = Map.of(
                "userAgent", "u".repeat(3000), "deviceName", "d".repeat(3000), "ipLat", 48.8566, "ip", "203.0.113.9");
        EventLimits.Bounded b = EventLimits.bound(event("SIGN_IN", data, personal), NOW);
        assertEquals(
                Map.of(
                        "authMethod",
                        "password+dpop",
                        "deviceFirstSeen",
                        true,
                        "expiresAt",
                        "x".repeat(2048 - 24) + "…[truncated, 5000 chars]"),
                b.event().data());
        assertEquals(
                "u".repeat(2048 - 24) + "…[truncated, 3000 chars]",
                b.event().personal().get("userAgent"));
        assertEquals(
                "d".repeat(2048 - 24) + "…[truncated, 3000 chars]",
                b.event().personal().get("deviceName"));
        assertEquals(48.8566, b.event().personal().get("ipLat"));
        assertEquals("203.0.113.9", b.event().personal().get("ip"));
        assertEquals(
                List.of("data.expiresAt (5000)", "personal.deviceName (3000)", "personal.userAgent (3000)"),
                b.truncated().stream().sorted().toList());
        assertEquals(event("SIGN_IN", data, personal).id(), b.event().id());
    }

    @Test
    void anEventWithinTheLimitsIsUnchanged() {
        LogEvent e =
                event("SIGN_IN", Map.of("authMethod", "password+dpop"), Map.of("ip", "203.0.113.9", "ipLon", 2.35));
        EventLimits.Bounded b = EventLimits.bound(e, NOW);
        assertEquals(e, b.event());
        assertEquals(List.of(), b.truncated());
    }

    @Test
    void whatTruncationCannotFixIsRefusedAtWriteTime() {
        Map<String, Object> tooMany = new HashMap<>();
        for (int i = 0; i < 33; i++) {
            tooMany.put("f" + i, i);
        }
        refused(event("SIGN_IN", tooMany, null), "at most 32");
        refused(event("SIGN_IN", Map.of("bad-name", 1), null), "field names");
        refused(event("SIGN_IN", Map.of("n", (1L << 53) + 1), null), "2^53");
        refused(event("SIGN_IN", Map.of("n", Double.NaN), null), "finite");
        refused(event("SIGN_IN", null, Map.of("ipLat", Double.POSITIVE_INFINITY)), "finite");
        refused(event("SIGN_IN", null, Map.of("flag", true)), "strings and numbers");
        refused(event("SIGN_IN", Map.of("when", Instant.EPOCH), null), "Instant");
        refused(event("SIGN_IN", Map.of("ip", "203.0.113.9"), null), "personal");
        refused(
                new LogEvent(
                        UUID.randomUUID(),
                        "SIGN_IN",
                        "account-service",
                        NOW,
                        UUID.randomUUID(),
                        "short",
                        null,
                        null,
                        null,
                        null),
                "deviceId");
        refused(
                new LogEvent(
                        UUID.randomUUID(),
                        "SIGN_IN",
                        "account-service",
                        NOW.plus(Duration.ofMinutes(6)),
                        UUID.randomUUID(),
                        null,
                        null,
                        null,
                        null,
                        null),
                "occurredAt");
        refused(
                new LogEvent(
                        UUID.randomUUID(),
                        "SIGN_IN",
                        "account-service",
                        Instant.parse("1999-12-31T23:59:59Z"),
                        UUID.randomUUID(),
                        null,
                        null,
                        null,
                        null,
                        null),
                "occurredAt");
        refused(
                new LogEvent(UUID.randomUUID(), "SIGN_IN", "account-service", NOW, null, null, null, null, null, null),
                "accountId");
        refused(
                new LogEvent(
                        UUID.randomUUID(),
                        "T".repeat(257),
                        "account-service",
                        NOW,
                        UUID.randomUUID(),
                        null,
                        null,
                        null,
                        null,
                        null),
                "type");
        refused(
                new LogEvent(null, "SIGN_IN", "account-service", NOW, UUID.randomUUID(), null, null, null, null, null),
                "id");
    }

    @Test
    void aFailedSignInWithAnUnknownLoginNeedsNoAccountAndItsLoginIsBoundedToo() {
        LogEvent e = new LogEvent(
                UUID.randomUUID(),
                "SIGN_IN_FAILED",
                "account-service",
                NOW,
                null,
                null,
                null,
                null,
                Map.of("reason", "unknown_login"),
                Map.of("login", "l".repeat(60_000)));
        EventLimits.Bounded b = EventLimits.bound(e, NOW);
        assertEquals(2048, ((String) b.event().personal().get("login")).length());
        assertTrue(((String) b.event().personal().get("login")).endsWith("…[truncated, 60000 chars]"));
    }

    private static void refused(LogEvent e, String messagePart) {
        EventLimits.UnloggableEventException x =
                assertThrows(EventLimits.UnloggableEventException.class, () -> EventLimits.bound(e, NOW));
        assertTrue(x.getMessage().contains(messagePart), x.getMessage());
    }

    private static LogEvent event(String type, Map<String, Object> data, Map<String, Object> personal) {
        return new LogEvent(
                UUID.fromString("6f1c0000-0000-4000-8000-000000000001"),
                type,
                "account-service",
                NOW,
                UUID.randomUUID(),
                DEVICE,
                UUID.randomUUID(),
                null,
                data,
                personal);
    }
}
