package io.photosync.common.outbox;

import io.photosync.common.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The limits the transparency log validates every submitted event against (docs/EVENTS.md, "Submitting";
 * audit-service's {@code io.photosync.audit.entry.EventValidator}), applied where an event is written, so
 * that no event a source writes can be refused by the log.
 * <p>
 * What a client controls (a user agent, a login, a device name) is never dropped: a string longer than
 * {@link #MAX_STRING} is cut to its first characters followed by a visible marker such as
 * {@code …[truncated, 3000 chars]}, the whole at most {@link #MAX_STRING} characters. Characters are counted
 * as the log counts them: UTF-16 code units ({@link String#length()}); a cut never splits a surrogate pair,
 * and a lone surrogate (not encodable in UTF-8) becomes U+FFFD. Everything else the log refuses (too many
 * fields, a bad field name, a non-scalar value, an integer beyond ±2^53, a bad device id, an occurrence time
 * out of range, a personal field in {@code data}) is the source's own programming error and is refused at
 * write time with {@link UnloggableEventException}, so it surfaces in the request that caused it.
 * <p>
 * The log keeps its own checks: these constants repeat its contract and must change with it.
 */
public final class EventLimits {
    /** docs/EVENTS.md: strings ≤ 2048 characters (EventValidator.MAX_STRING, counted with String.length()). */
    public static final int MAX_STRING = 2048;
    /** docs/EVENTS.md: at most 32 fields in {@code data} and in {@code personal}. */
    public static final int MAX_FIELDS = 32;
    /** docs/EVENTS.md: integers within ±2^53 (JCS writes numbers as IEEE doubles). */
    public static final long MAX_EXACT_INTEGER = 1L << 53;
    /** EventValidator: {@code type}, {@code source} and the ids are strings of at most 256 characters. */
    public static final int MAX_ENVELOPE_TEXT = 256;
    /** docs/EVENTS.md: field names {@code [A-Za-z][A-Za-z0-9]{0,63}}. */
    public static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");
    /** docs/EVENTS.md: a 43-character base64url {@code deviceId} (a SHA-256 JWK thumbprint). */
    public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** EventValidator: {@code occurredAt} no earlier than this ... */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** ... and not in the future, beyond this clock skew. */
    public static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    /** The one event type whose {@code accountId} may be absent (an unknown login). */
    static final String ACCOUNTLESS_TYPE = EventType.SIGN_IN_FAILED.name();

    private EventLimits() {}

    /** A source wrote an event the log would refuse for a reason truncation cannot fix: a programming error. */
    public static class UnloggableEventException extends IllegalArgumentException {
        public UnloggableEventException(String message) {
            super(message);
        }
    }

    /** The event as it can be logged, and the fields that were truncated ({@code personal.userAgent (3000)}). */
    public record Bounded(LogEvent event, List<String> truncated) {}

    /**
     * The event within the log's limits: over-long strings truncated with a marker, everything else checked.
     *
     * @param now the writer's clock, for the log's "not in the future" rule
     * @throws UnloggableEventException when the log would refuse the event for any other reason
     */
    public static Bounded bound(LogEvent event, Instant now) {
        String what = "outbox event " + event.type();
        envelopeText(event.type(), "type", what);
        envelopeText(event.source(), "source", what);
        if (event.id() == null) {
            throw new UnloggableEventException(what + ": id is required");
        }
        if (event.accountId() == null && !ACCOUNTLESS_TYPE.equals(event.type())) {
            throw new UnloggableEventException(
                    what + ": accountId is required (only " + ACCOUNTLESS_TYPE + " may lack it)");
        }
        if (event.deviceId() != null && !DEVICE_ID.matcher(event.deviceId()).matches()) {
            throw new UnloggableEventException(what + ": deviceId is not a base64url SHA-256 JWK thumbprint");
        }
        if (event.occurredAt().isBefore(EARLIEST) || event.occurredAt().isAfter(now.plus(FUTURE_SKEW))) {
            throw new UnloggableEventException(
                    what + ": occurredAt " + event.occurredAt() + " is out of the log's range");
        }
        List<String> truncated = new ArrayList<>();
        Map<String, Object> data = fields(event.data(), "data", true, what, truncated);
        for (String name : data.keySet()) {
            if (EventType.PERSONAL_KEYS.contains(name)) {
                throw new UnloggableEventException(what + ": data." + name + " is personal and belongs in personal");
            }
        }
        Map<String, Object> personal = fields(event.personal(), "personal", false, what, truncated);
        return new Bounded(
                new LogEvent(
                        event.id(),
                        event.type(),
                        event.source(),
                        event.occurredAt(),
                        event.accountId(),
                        event.deviceId(),
                        event.sessionId(),
                        event.photoId(),
                        data,
                        personal),
                List.copyOf(truncated));
    }

    /**
     * {@code value} if it fits into {@code limit} characters, else its first characters and
     * {@code …[truncated, N chars]} (N = its length), together exactly {@code limit} characters, or one less
     * where the cut would split a surrogate pair. Lone surrogates become U+FFFD either way.
     */
    public static String truncate(String value, int limit) {
        String text = wellFormed(value);
        if (text.length() <= limit) {
            return text;
        }
        String marker = "…[truncated, " + text.length() + " chars]";
        if (marker.length() >= limit) {
            return marker.substring(0, limit); // only for limits far below the log's
        }
        int keep = Math.max(0, limit - marker.length());
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        return text.substring(0, keep) + marker;
    }

    private static Map<String, Object> fields(
            Map<String, Object> fields, String name, boolean booleansAllowed, String what, List<String> truncated) {
        if (fields.size() > MAX_FIELDS) {
            throw new UnloggableEventException(
                    what + ": " + name + " has " + fields.size() + " fields, the log takes at most " + MAX_FIELDS);
        }
        Map<String, Object> bounded = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            String path = name + "." + field.getKey();
            if (!FIELD_NAME.matcher(field.getKey()).matches()) {
                throw new UnloggableEventException(
                        what + ": " + abbreviate(path) + ": field names are letters and digits, at most 64");
            }
            bounded.put(field.getKey(), value(field.getValue(), path, booleansAllowed, what, truncated));
        }
        return bounded;
    }

    private static Object value(
            Object value, String path, boolean booleansAllowed, String what, List<String> truncated) {
        switch (value) {
            case String s -> {
                String b = truncate(s, MAX_STRING);
                if (b.length() < s.length()) {
                    truncated.add(path + " (" + s.length() + ")");
                }
                return b;
            }
            case Integer i -> {
                return i;
            }
            case Short s -> {
                return s;
            }
            case Byte b -> {
                return b;
            }
            case Long l -> {
                if (Math.abs(l) > MAX_EXACT_INTEGER || l == Long.MIN_VALUE) {
                    throw new UnloggableEventException(what + ": " + path + " = " + l + " is beyond ±2^53");
                }
                return l;
            }
            case Double d -> {
                if (!Double.isFinite(d)) {
                    throw new UnloggableEventException(what + ": " + path + " is " + d + ", not a finite number");
                }
                return d;
            }
            case Float f -> {
                if (!Float.isFinite(f)) {
                    throw new UnloggableEventException(what + ": " + path + " is " + f + ", not a finite number");
                }
                return f;
            }
            case Boolean b
            when booleansAllowed -> {
                return b;
            }
            default ->
                throw new UnloggableEventException(what + ": " + path + " is a "
                        + value.getClass().getSimpleName() + "; the log takes "
                        + (booleansAllowed ? "strings, numbers and booleans" : "strings and numbers") + " here");
        }
    }

    private static void envelopeText(String text, String name, String what) {
        if (text == null || text.isBlank() || text.length() > MAX_ENVELOPE_TEXT) {
            throw new UnloggableEventException(
                    what + ": " + name + " must be a non-blank string of at most " + MAX_ENVELOPE_TEXT + " characters");
        }
    }

    /** Lone surrogates replaced with U+FFFD: UTF-8 cannot carry them, and the JSON would not survive the database. */
    private static String wellFormed(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (lone) {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, '\uFFFD');
            } else if (Character.isHighSurrogate(c)) {
                i++; // the pair's low half is fine
            }
        }
        return b == null ? s : b.toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
