package io.photosync.account;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What audit-service's EventValidator checks of one submitted event (docs/EVENTS.md, "Submitting"), written out
 * independently of common's EventLimits, so a test can show an outbox event is one the log accepts.
 */
public final class LogContract {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");
    /**
     * docs/EVENTS.md: what the sources write, "RFC 3339 UTC, millisecond precision" (the log takes any RFC 3339);
     * ISO_INSTANT leaves out a fraction of .000.
     */
    public static final Pattern MILLIS_UTC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z");

    private LogContract() {}

    /** Null when the log would accept the event, else the first rule it breaks. */
    public static String violation(JsonNode event) {
        for (String id : new String[] {"id", "accountId", "sessionId", "photoId"}) {
            if (event.has(id) && !UUID_TEXT.matcher(event.get(id).asText()).matches()) {
                return id + " is not a UUID";
            }
        }
        if (event.has("deviceId")
                && !DEVICE_ID.matcher(event.get("deviceId").asText()).matches()) {
            return "deviceId is not a thumbprint";
        }
        try {
            java.time.OffsetDateTime.parse(event.path("occurredAt").asText());
        } catch (java.time.format.DateTimeParseException e) {
            return "occurredAt is not an RFC 3339 time: " + event.path("occurredAt");
        }
        for (String name : new String[] {"data", "personal"}) {
            JsonNode fields = event.path(name);
            if (fields.isMissingNode()) {
                continue;
            }
            if (!fields.isObject() || fields.size() > 32) {
                return name + " is not an object of at most 32 fields";
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = f.getValue();
                if (!FIELD_NAME.matcher(f.getKey()).matches()) {
                    return name + "." + f.getKey() + " is not a valid name";
                }
                boolean ok = v.isTextual() && v.textValue().length() <= 2048
                        || v.isIntegralNumber() && v.canConvertToLong() && Math.abs(v.longValue()) <= (1L << 53)
                        || v.isFloatingPointNumber() && Double.isFinite(v.doubleValue())
                        || name.equals("data") && v.isBoolean();
                if (!ok) {
                    return name + "." + f.getKey() + " is out of the log's limits ("
                            + (v.isTextual() ? v.textValue().length() + " characters" : v.getNodeType()) + ")";
                }
            }
        }
        return null;
    }
}
