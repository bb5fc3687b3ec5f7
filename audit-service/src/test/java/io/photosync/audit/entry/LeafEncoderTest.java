package io.photosync.audit.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeafEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SALT = new byte[16];
    private final EventValidator validator =
            new EventValidator(Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC));

    static {
        for (int i = 0; i < SALT.length; i++) {
            SALT[i] = (byte) i;
        }
    }

    /** Expected digests computed independently with Python's hashlib over salt 00..0f and the JCS text. */
    @Test
    void personalDigestMatchesAnIndependentComputation() {
        assertEquals("-Rn5MZoVYFEfZreltkmluJYNHhuxI48UoK3BpnPZXWg", PersonalDigest.digest(SALT, "\"203.0.113.7\""));
        assertEquals("LiolIiRZFkRCYhFNln-TaP2_GYKScusfQFVc5p97t3s", PersonalDigest.digest(SALT, "48.85660"));
        assertEquals("1vGuAiCY6FbYSysFsfbP_fzdTVPyg23riDgNAWxYzoI", PersonalDigest.digest(SALT, "\"Zo\\u00eb\\n\""));
    }

    @Test
    void leafHoldsDigestsOnlyAndDisclosuresReproduceThem() throws Exception {
        UUID id = UUID.randomUUID();
        JsonNode body = JSON.readTree("""
            {"events":[{"id":"%s","type":"SIGN_IN","source":"account-service","occurredAt":"2026-11-21T11:15:30.1+01:00",
             "accountId":"%s","deviceId":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","sessionId":null,
             "data":{"authMethod":"password","deviceFirstSeen":true},"personal":{"ip":"203.0.113.7","ipLat":48.8566}}]}\
            """.formatted(id, UUID.randomUUID()));
        ValidEvent event = validator.validateBatch(body, "account-service").getFirst();
        PreparedEntry prepared = LeafEncoder.encode(event);
        String leaf = new String(prepared.entry(), StandardCharsets.UTF_8);
        assertTrue(leaf.startsWith("{\"accountId\":"), "keys sorted (RFC 8785): " + leaf);
        assertTrue(leaf.contains("\"occurredAt\":\"2026-11-21T10:15:30.100Z\""), leaf);
        assertTrue(leaf.contains("\"v\":2"), leaf);
        assertFalse(leaf.contains("203.0.113.7") || leaf.contains("48.8566") || leaf.contains("sessionId"), leaf);
        JsonNode personal = JSON.readTree(leaf).get("personal");
        for (Disclosure d : prepared.disclosures()) {
            byte[] salt = java.util.Base64.getUrlDecoder().decode(d.salt());
            assertEquals(16, salt.length);
            assertEquals(personal.get(d.field()).asText(), PersonalDigest.digest(salt, d.valueJson()));
        }
        assertEquals(2, prepared.disclosures().size());

        PreparedEntry again = LeafEncoder.encode(event);
        assertArrayEquals(prepared.contentHash(), again.contentHash(), "content hash ignores the salts");
        assertFalse(Arrays.equals(prepared.entry(), again.entry()), "fresh salts per entry");
    }

    @Test
    void refusesMalformedEvents() throws Exception {
        String good =
                "{\"id\":\"%s\",\"type\":\"PHOTO_DELETED\",\"source\":\"sync-service\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"accountId\":\"%s\"%s}";
        String[] extras = {
            ",\"data\":{\"nested\":{\"a\":1}}",
            ",\"data\":{\"ip\":\"1.2.3.4\"}",
            ",\"personal\":{\"ok\":true}",
            ",\"data\":{\"n\":null}",
            ",\"data\":{\"big\":9007199254740993}",
            ",\"surprise\":1",
            ",\"deviceId\":\"short\"",
            ",\"data\":{\"bad key\":1}",
            ",\"data\":{\"s\":\"" + "x".repeat(EventValidator.MAX_STRING + 1) + "\"}"
        };
        for (String extra : extras) {
            JsonNode body =
                    JSON.readTree("{\"events\":[" + good.formatted(UUID.randomUUID(), UUID.randomUUID(), extra) + "]}");
            assertThrows(
                    EventValidator.InvalidEventException.class,
                    () -> validator.validateBatch(body, "sync-service"),
                    extra);
        }
        JsonNode valid =
                JSON.readTree("{\"events\":[" + good.formatted(UUID.randomUUID(), UUID.randomUUID(), "") + "]}");
        assertEquals(1, validator.validateBatch(valid, "sync-service").size());
        assertThrows(
                EventValidator.InvalidEventException.class, () -> validator.validateBatch(valid, "account-service"));
        JsonNode future = JSON.readTree("{\"events\":["
                + good.formatted(UUID.randomUUID(), UUID.randomUUID(), "")
                        .replace("2026-11-21T10:00:00Z", "2026-11-22T10:00:00Z")
                + "]}");
        assertThrows(EventValidator.InvalidEventException.class, () -> validator.validateBatch(future, "sync-service"));
    }
}
