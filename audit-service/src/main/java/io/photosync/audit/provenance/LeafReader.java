package io.photosync.audit.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.audit.entry.Disclosure;
import io.photosync.audit.provenance.ProvenanceRepository.ProjectedEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads a stored leaf (docs/EVENTS.md "The leaf") back into the event it records. */
public final class LeafReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LeafReader() {}

    static ProjectedEntry project(long index, byte[] leaf) {
        JsonNode node = parse(leaf);
        return new ProjectedEntry(
                index,
                uuid(node, "accountId"),
                uuid(node, "photoId"),
                node.path("type").asText());
    }

    /** The event with the clear values of those personal fields whose disclosures are still kept. */
    public static LoggedEvent read(long index, byte[] leaf, List<Disclosure> disclosures) {
        JsonNode node = parse(leaf);
        Map<String, Object> personal = new HashMap<>();
        for (Disclosure d : disclosures) {
            personal.put(d.field(), scalar(parseValue(d.valueJson())));
        }
        return new LoggedEvent(
                index,
                node.path("type").asText(),
                Instant.parse(node.path("occurredAt").asText()),
                uuid(node, "accountId"),
                text(node, "deviceId"),
                uuid(node, "sessionId"),
                uuid(node, "photoId"),
                scalars(node.path("data")),
                personal);
    }

    static Object parseDisclosedValue(String valueJson) {
        return scalar(parseValue(valueJson));
    }

    private static Map<String, Object> scalars(JsonNode object) {
        Map<String, Object> values = new HashMap<>();
        object.fields().forEachRemaining(e -> values.put(e.getKey(), scalar(e.getValue())));
        return values;
    }

    private static Object scalar(JsonNode value) {
        if (value.isNumber()) {
            return value.numberValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.asText();
    }

    private static UUID uuid(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : UUID.fromString(value);
    }

    private static JsonNode parseValue(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored disclosure is not JSON", e);
        }
    }

    private static JsonNode parse(byte[] leaf) {
        try {
            return JSON.readTree(leaf);
        } catch (IOException e) {
            throw new IllegalStateException("stored leaf is not JSON", e);
        }
    }
}
