package io.photosync.audit.entry;

import com.fasterxml.jackson.databind.JsonNode;
import io.photosync.common.event.EventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks a submitted batch against docs/EVENTS.md before anything is written: one bad event refuses
 * the whole batch, with a message that names the event and the field.
 */
public final class EventValidator {
    public static final int MAX_EVENTS = 500;
    static final int MAX_FIELDS = 32;
    static final int MAX_STRING = 2048;
    private static final long MAX_EXACT_INTEGER = 1L << 53;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");
    private static final Set<String> EVENT_FIELDS = Set.of(
            "id", "type", "source", "occurredAt", "accountId", "deviceId", "sessionId", "photoId", "data", "personal");
    static final DateTimeFormatter MILLIS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public EventValidator(Clock clock) {
        this.clock = clock;
    }

    /** Thrown with a message fit for a 400 problem's detail. */
    public static class InvalidEventException extends Exception {
        public InvalidEventException(String message) {
            super(message);
        }
    }

    public List<ValidEvent> validateBatch(JsonNode body, String authenticatedSource) throws InvalidEventException {
        if (body == null
                || !body.isObject()
                || body.size() != 1
                || !body.path("events").isArray()) {
            throw new InvalidEventException("the body is {\"events\":[…]} and nothing else");
        }
        JsonNode events = body.get("events");
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw new InvalidEventException("a batch has 1 to " + MAX_EVENTS + " events, not " + events.size());
        }
        List<ValidEvent> valid = new ArrayList<>(events.size());
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            ValidEvent event = validate(events.get(i), authenticatedSource, "events[" + i + "]");
            if (!ids.add(event.id())) {
                throw new InvalidEventException("events[" + i + "].id repeats an id of the same batch");
            }
            valid.add(event);
        }
        return valid;
    }

    ValidEvent validate(JsonNode event, String authenticatedSource, String where) throws InvalidEventException {
        if (!event.isObject()) {
            throw new InvalidEventException(where + " is not an object");
        }
        for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!EVENT_FIELDS.contains(name)) {
                throw new InvalidEventException(where + " has unknown field '" + abbreviate(name) + "'");
            }
        }
        UUID id = uuid(event, "id", where, true);
        String type = requiredText(event, "type", where);
        String allowedSource =
                EventType.named(type).map(known -> known.source().id()).orElse(null);
        if (allowedSource == null) {
            throw new InvalidEventException(where + ".type '" + abbreviate(type) + "' is not a known event type");
        }
        String source = requiredText(event, "source", where);
        if (!source.equals(authenticatedSource)) {
            throw new InvalidEventException(where + ".source '" + abbreviate(source)
                    + "' is not the authenticated submitter " + authenticatedSource);
        }
        if (!source.equals(allowedSource)) {
            throw new InvalidEventException(where + ": " + type + " events come from " + allowedSource + " only");
        }
        String occurredAt = occurredAt(requiredText(event, "occurredAt", where), where);
        UUID accountId = uuid(event, "accountId", where, !type.equals(EventType.SIGN_IN_FAILED.name()));
        String deviceId = optionalText(event, "deviceId", where);
        if (deviceId != null && !DEVICE_ID.matcher(deviceId).matches()) {
            throw new InvalidEventException(where + ".deviceId is not a base64url SHA-256 JWK thumbprint");
        }
        UUID sessionId = uuid(event, "sessionId", where, false);
        UUID photoId = uuid(event, "photoId", where, false);
        Map<String, JsonNode> data = fields(event, "data", where, true);
        for (String name : data.keySet()) {
            if (EventType.PERSONAL_KEYS.contains(name)) {
                throw new InvalidEventException(where + ".data." + name + " is personal and belongs in personal");
            }
        }
        Map<String, JsonNode> personal = fields(event, "personal", where, false);
        return new ValidEvent(id, type, source, occurredAt, accountId, deviceId, sessionId, photoId, data, personal);
    }

    private String occurredAt(String text, String where) throws InvalidEventException {
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(where + ".occurredAt is not an RFC 3339 time");
        }
        if (at.isBefore(EARLIEST) || at.isAfter(clock.instant().plus(FUTURE_SKEW))) {
            throw new InvalidEventException(where + ".occurredAt is out of range");
        }
        return MILLIS_UTC.format(at);
    }

    private static Map<String, JsonNode> fields(JsonNode event, String name, String where, boolean booleansAllowed)
            throws InvalidEventException {
        JsonNode object = event.get(name);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        if (object == null || object.isNull()) {
            return fields;
        }
        if (!object.isObject() || object.size() > MAX_FIELDS) {
            throw new InvalidEventException(where + "." + name + " is an object of at most " + MAX_FIELDS + " fields");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = where + "." + name + "." + abbreviate(field.getKey());
            if (!FIELD_NAME.matcher(field.getKey()).matches()) {
                throw new InvalidEventException(path + ": field names are letters and digits, at most 64");
            }
            JsonNode value = field.getValue();
            boolean ok = value.isTextual() && value.textValue().length() <= MAX_STRING
                    || value.isNumber() && exactNumber(value)
                    || booleansAllowed && value.isBoolean();
            if (!ok) {
                throw new InvalidEventException(
                        path + " must be a " + (booleansAllowed ? "string, number or boolean" : "string or number")
                                + " (strings at most " + MAX_STRING + " characters, integers within ±2^53)");
            }
            fields.put(field.getKey(), value);
        }
        return fields;
    }

    /** JCS writes numbers as IEEE doubles, so only numbers a double holds exactly keep their meaning. */
    private static boolean exactNumber(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() && Math.abs(value.longValue()) <= MAX_EXACT_INTEGER;
        }
        return Double.isFinite(value.doubleValue());
    }

    private static UUID uuid(JsonNode event, String name, String where, boolean required) throws InvalidEventException {
        String text = required ? requiredText(event, name, where) : optionalText(event, name, where);
        if (text == null) {
            return null;
        }
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new InvalidEventException(where + "." + name + " is not a UUID");
        }
        return UUID.fromString(text);
    }

    private static String requiredText(JsonNode event, String name, String where) throws InvalidEventException {
        String text = optionalText(event, name, where);
        if (text == null) {
            throw new InvalidEventException(where + "." + name + " is required");
        }
        return text;
    }

    private static String optionalText(JsonNode event, String name, String where) throws InvalidEventException {
        JsonNode node = event.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().length() > 256) {
            throw new InvalidEventException(where + "." + name + " must be a string of at most 256 characters");
        }
        return node.textValue();
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
