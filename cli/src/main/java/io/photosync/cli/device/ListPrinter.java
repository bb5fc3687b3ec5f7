package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Prints the account's lists (sessions, devices, alerts): a headline per item chosen by the
 * command, then every other field the service sent, so nothing the service says is hidden.
 */
final class ListPrinter {
    private ListPrinter() {}

    /** The items of a list answer: the answer itself when it is an array, else its {@code field}. */
    static JsonNode items(JsonNode answer, String field) {
        if (answer.isArray()) {
            return Text.printable(answer);
        }
        JsonNode items = answer.path(field);
        if (!items.isArray()) {
            throw new CliFailure("unexpected answer, no list '" + field + "' in: " + Text.printable(answer.toString()));
        }
        return Text.printable(items);
    }

    /** Every field of {@code item} not in {@code shown}, one a line; times ({@code …At}) made readable. */
    static void printOtherFields(PrintWriter out, JsonNode item, Set<String> shown) {
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (shown.contains(field.getKey()) || value.isNull()) {
                continue;
            }
            String text = field.getKey().endsWith("At") && value.isTextual() ? Text.time(value) : Text.inline(value);
            out.printf("    %-18s %s%n", field.getKey() + ":", text);
        }
    }

    static String first(JsonNode item, String... fields) {
        for (String field : fields) {
            if (item.hasNonNull(field) && !item.get(field).isContainerNode()) {
                return item.get(field).asText();
            }
        }
        return "?";
    }
}
