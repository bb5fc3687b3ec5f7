package io.photosync.audit.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import org.erdtman.jcs.NumberToJSON;

/**
 * RFC 8785 (JCS) text of a parsed JSON tree, written in one pass: a leaf is canonicalized on every
 * submission, and serializing it for a canonicalizer that parses it again cost most of the request's
 * CPU. Numbers are formatted by the JCS library's ES6 routine (RFC 8785 §3.2.2.3); the rest of §3.2 is
 * small enough to own, and is checked against that library's canonicalizer in the tests.
 */
final class CanonicalJson {
    /** Integers up to 2^53 are printed by ES6 as their decimal digits, which {@link Long#toString} gives. */
    private static final long EXACT_INTEGER = 1L << 53;

    private CanonicalJson() {}

    /** The canonical form as UTF-8 bytes, the form that is hashed (RFC 8785 §3.2.4). */
    static byte[] utf8(JsonNode node) {
        return text(node).getBytes(StandardCharsets.UTF_8);
    }

    static String text(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> writeNumber(node, out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    /** §3.2.3: members sorted by their names' UTF-16 code units, which is {@link String#compareTo}. */
    private static void writeObject(JsonNode object, StringBuilder out) {
        String[] names = new String[object.size()];
        int count = 0;
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names[count++] = it.next();
        }
        Arrays.sort(names);
        out.append('{');
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(names[i], out);
            out.append(':');
            write(object.get(names[i]), out);
        }
        out.append('}');
    }

    /** §3.2.2.2: only the quote, the backslash and controls are escaped; controls without a short form in lowercase hex. */
    private static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00")
                                .append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 0xf, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** §3.2.2.3: a number is the IEEE double it denotes, printed as ES6 prints it. */
    private static void writeNumber(JsonNode number, StringBuilder out) {
        if (number.canConvertToExactIntegral() && number.canConvertToLong()) {
            long value = number.longValue();
            if (Math.abs(value) <= EXACT_INTEGER) {
                out.append(value);
                return;
            }
        }
        try {
            out.append(NumberToJSON.serializeNumber(number.doubleValue()));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON number: " + number, e);
        }
    }
}
