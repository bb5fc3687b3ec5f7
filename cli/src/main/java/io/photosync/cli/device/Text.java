package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Renders the pieces of service answers that several commands show: times, places, cameras. */
final class Text {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'xxx");

    private Text() {}

    /** An RFC 3339 time in {@code zone}, e.g. {@code 2026-11-20 09:15:02 UTC+08:00}; other text as is. */
    static String time(String rfc3339, ZoneId zone) {
        if (rfc3339 == null) {
            return "?";
        }
        try {
            String formatted = TIME.format(Instant.parse(rfc3339).atZone(zone));
            return formatted.endsWith("UTC+00:00") ? formatted.substring(0, formatted.length() - 6) : formatted;
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
    }

    static String time(JsonNode node) {
        return time(node, ZoneOffset.UTC);
    }

    /**
     * A time as JSON gives it: RFC 3339 text, or epoch seconds (with a fraction) as Jackson writes an Instant by
     * default.
     */
    static String time(JsonNode node, ZoneId zone) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "?";
        }
        if (node.isNumber()) {
            BigDecimal seconds = node.decimalValue();
            Instant instant = Instant.ofEpochSecond(
                    seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
            return time(instant.toString(), zone);
        }
        return time(node.asText(), zone);
    }

    /** {@code Hangzhou, Zhejiang, CN (source: …)}; null when the node names no place. */
    static String place(JsonNode location) {
        if (location == null || !location.isObject()) {
            return null;
        }
        StringJoiner where = new StringJoiner(", ");
        for (String field : List.of("city", "region", "country")) {
            String value = location.path(field).asText("");
            if (!value.isBlank()) {
                where.add(value);
            }
        }
        if (where.length() == 0 && location.hasNonNull("lat") && location.hasNonNull("lon")) {
            where.add(coordinates(location));
        }
        if (where.length() == 0) {
            return null;
        }
        String source = location.path("source").asText("");
        return source.isBlank() ? where.toString() : where + " (source: " + source + ")";
    }

    /** {@code Xiaomi 13, taken 2026-…, at 30.27, 120.15}: what the photo's EXIF says. */
    static String capture(JsonNode capture, ZoneId zone) {
        List<String> parts = new ArrayList<>();
        String make = capture.path("make").asText("");
        String model = capture.path("model").asText("");
        String camera = model.startsWith(make) ? model : (make + " " + model).strip();
        parts.add(camera.isEmpty() ? "camera unknown" : camera);
        if (capture.hasNonNull("takenAt")) {
            parts.add("taken " + time(capture.get("takenAt"), zone));
        }
        if (capture.hasNonNull("lat") && capture.hasNonNull("lon")) {
            parts.add("at " + coordinates(capture));
        }
        return String.join(", ", parts);
    }

    /** Degrees to six decimals (about 10 cm): enough for any place, without binary-fraction noise. */
    static String coordinates(JsonNode node) {
        return degrees(node.path("lat")) + ", " + degrees(node.path("lon"));
    }

    private static String degrees(JsonNode value) {
        if (!value.isNumber()) {
            return value.asText();
        }
        return value.decimalValue()
                .setScale(6, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    /** A value on one line: scalars as text, objects as {@code {a: 1, b: x}}, arrays as {@code [..]}. */
    static String inline(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "-";
        }
        if (value.isObject()) {
            StringJoiner fields = new StringJoiner(", ", "{", "}");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isNull()) {
                    fields.add(field.getKey() + ": " + inline(field.getValue()));
                }
            }
            return fields.toString();
        }
        if (value.isArray()) {
            StringJoiner items = new StringJoiner(", ", "[", "]");
            value.forEach(item -> items.add(inline(item)));
            return items.toString();
        }
        return value.asText();
    }

    /**
     * Words of {@code text} wrapped at {@code width} columns for a caller that has already printed
     * {@code indent}; each further line starts with {@code indent}.
     */
    static String wrap(String text, int width, String indent) {
        StringBuilder out = new StringBuilder();
        int column = indent.length();
        boolean lineEmpty = true;
        for (String word : text.strip().split("\\s+")) {
            if (!lineEmpty && column + 1 + word.length() > width) {
                out.append('\n').append(indent);
                column = indent.length();
                lineEmpty = true;
            }
            if (!lineEmpty) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
            lineEmpty = false;
        }
        return out.toString();
    }

    /**
     * {@code text} with every control, format (bidi overrides, zero-width) and unassigned character written
     * as {@code \\uXXXX}: values from the log are self-reported by devices and must not move the cursor
     * or reorder what a person reads.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE) {
                for (char c : Character.toChars(cp)) {
                    out.append(String.format("\\u%04x", (int) c));
                }
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** A copy of {@code value} with every string in it (keys included) made {@link #printable(String)}. */
    static JsonNode printable(JsonNode value) {
        if (value.isTextual()) {
            return TextNode.valueOf(printable(value.asText()));
        }
        if (value.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            value.fields().forEachRemaining(f -> copy.set(printable(f.getKey()), printable(f.getValue())));
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> copy.add(printable(item)));
            return copy;
        }
        return value;
    }
}
