package io.photosync.audit.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** RFC 8785 §3.2.2, the example of the whole serialization. */
    @Test
    void writesTheRfcSerializationExample() throws Exception {
        JsonNode input = JSON.readTree("""
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
              "literals": [null, true, false]
            }\
            """);
        assertEquals(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}",
                CanonicalJson.text(input));
    }

    /** RFC 8785 §3.2.3: names sorted by UTF-16 code units, so the emoji's surrogates sort before U+FB33. */
    @Test
    void sortsNamesByTheirUtf16CodeUnits() throws Exception {
        JsonNode input = JSON.readTree("""
            {"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One",
             "\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}\
            """);
        assertEquals(
                "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                        + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
                CanonicalJson.text(input));
    }

    /** RFC 8785 Appendix B: IEEE 754 doubles and their ES6 text. */
    @Test
    void printsNumbersAsTheRfcAppendixB() {
        String[][] vectors = {
            {"0000000000000000", "0"},
            {"8000000000000000", "0"},
            {"0000000000000001", "5e-324"},
            {"8000000000000001", "-5e-324"},
            {"7fefffffffffffff", "1.7976931348623157e+308"},
            {"ffefffffffffffff", "-1.7976931348623157e+308"},
            {"4340000000000000", "9007199254740992"},
            {"c340000000000000", "-9007199254740992"},
            {"4430000000000000", "295147905179352830000"},
            {"44b52d02c7e14af5", "9.999999999999997e+22"},
            {"44b52d02c7e14af6", "1e+23"},
            {"44b52d02c7e14af7", "1.0000000000000001e+23"},
            {"444b1ae4d6e2ef4e", "999999999999999700000"},
            {"444b1ae4d6e2ef4f", "999999999999999900000"},
            {"444b1ae4d6e2ef50", "1e+21"},
            {"3eb0c6f7a0b5ed8c", "9.999999999999997e-7"},
            {"3eb0c6f7a0b5ed8d", "0.000001"},
            {"41b3de4355555553", "333333333.3333332"},
            {"41b3de4355555554", "333333333.33333325"},
            {"41b3de4355555555", "333333333.3333333"},
            {"41b3de4355555556", "333333333.3333334"},
            {"41b3de4355555557", "333333333.33333343"},
            {"becbf647612f3696", "-0.0000033333333333333333"},
            {"43143ff3c1cb0959", "1424953923781206.2"},
        };
        for (String[] vector : vectors) {
            double value = Double.longBitsToDouble(Long.parseUnsignedLong(vector[0], 16));
            assertEquals(vector[1], CanonicalJson.text(NODES.numberNode(value)), vector[0]);
            if (Math.rint(value) == value && Math.abs(value) < 0x1p63) {
                assertEquals(vector[1], CanonicalJson.text(NODES.numberNode((long) value)), vector[0] + " as a long");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.text(NODES.numberNode(Double.NaN)));
        assertThrows(
                IllegalArgumentException.class, () -> CanonicalJson.text(NODES.numberNode(Double.POSITIVE_INFINITY)));
    }

    /** The JCS library canonicalizes the text Jackson writes; the one-pass writer must give the same bytes. */
    @Test
    void agreesWithTheJcsLibraryOnGeneratedTrees() throws Exception {
        Random random = new Random(8785);
        for (int i = 0; i < 3000; i++) {
            JsonNode tree = object(random, 0);
            byte[] expected = new JsonCanonicalizer(JSON.writeValueAsString(tree)).getEncodedUTF8();
            assertArrayEquals(
                    expected,
                    CanonicalJson.utf8(tree),
                    () -> "tree " + tree + "\nJCS library: " + new String(expected, StandardCharsets.UTF_8));
        }
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode object = NODES.objectNode();
        int size = random.nextInt(8);
        for (int i = 0; i < size; i++) {
            object.set(string(random), value(random, depth + 1));
        }
        return object;
    }

    private static JsonNode value(Random random, int depth) {
        int kind = random.nextInt(depth < 3 ? 12 : 10);
        return switch (kind) {
            case 0, 1, 2 -> NODES.textNode(string(random));
            case 3 -> NODES.numberNode(random.nextInt());
            case 4 -> NODES.numberNode(random.nextLong() >> random.nextInt(64));
            case 5 -> NODES.numberNode(anyFiniteDouble(random));
            case 6 -> NODES.numberNode(random.nextInt(2_000_000) / 1000.0 - 1000);
            case 7 ->
                NODES.numberNode(new BigDecimal(random.nextInt(100_000)).scaleByPowerOfTen(random.nextInt(50) - 25));
            case 8 -> NODES.booleanNode(random.nextBoolean());
            case 9 -> NODES.nullNode();
            case 10 -> object(random, depth);
            default -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(value(random, depth + 1));
                }
                yield array;
            }
        };
    }

    private static double anyFiniteDouble(Random random) {
        double value;
        do {
            value = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(value));
        return value;
    }

    /** Controls, the characters JSON escapes, Latin-1, the BMP above it, surrogate pairs and lone surrogates. */
    private static String string(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            switch (random.nextInt(7)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1 -> text.append("\"\\/'".charAt(random.nextInt(4)));
                case 2 -> text.append((char) (0x20 + random.nextInt(0x5f)));
                case 3 -> text.append((char) (0x7f + random.nextInt(0x81)));
                case 4 -> text.append((char) (0x100 + random.nextInt(0xd800 - 0x100)));
                case 5 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                default -> text.append((char) (0xd800 + random.nextInt(0x800)));
            }
        }
        return text.toString();
    }
}
