package io.photosync.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.photosync.cli.verify.ReportVerifier.Leaf;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of an access log as the cli renders it from a verified leaf of the access chain, written from
 * docs/SUPPORT.md independently of audit-service (which renders the same line for the answer it sends): the two
 * renderings must agree word for word. A note's or resolution's text is the disclosed personal field {@code text},
 * or {@code (text erased)} when it is no longer disclosed.
 */
public record AccessLine(
        long index,
        Instant at,
        String type,
        String caseId,
        String grantId,
        String staffId,
        String staffRole,
        String reason,
        String what) {

    static AccessLine of(Leaf leaf) {
        String caseId = data(leaf, "caseId").orElse("?");
        String staff = data(leaf, "staffId")
                .map(id -> "Agent " + id + " (" + data(leaf, "staffRole").orElse("?") + ")")
                .orElse("Support");
        String what = switch (leaf.text("type")) {
            case "SUPPORT_GRANT" -> grant(leaf, caseId);
            case "AGENT_ACCESS" -> staff + " read " + read(leaf) + " for case " + caseId;
            case "AGENT_ACTION" -> staff + " " + action(leaf) + " in case " + caseId;
            default -> leaf.text("type");
        };
        return new AccessLine(
                leaf.index(),
                Instant.parse(leaf.text("occurredAt")),
                leaf.text("type"),
                data(leaf, "caseId").orElse(null),
                data(leaf, "grantId").orElse(null),
                data(leaf, "staffId").orElse(null),
                data(leaf, "staffRole").orElse(null),
                data(leaf, "reason").orElse(null),
                what);
    }

    private static String grant(Leaf leaf, String caseId) {
        return switch (data(leaf, "state").orElse("")) {
            case "requested" ->
                "Support asked to see your account for case " + caseId + "; nothing is shown until you approve";
            case "active" ->
                "Support may see your account for case " + caseId + " until "
                        + data(leaf, "expiresAt").orElse("?");
            case "ended" ->
                "Support's access for case " + caseId + " ended ("
                        + (data(leaf, "endedBy").filter("owner"::equals).isPresent()
                                ? "you ended it"
                                : "the case was closed")
                        + ")";
            default ->
                "Support grant for case " + caseId + ": " + data(leaf, "state").orElse("?");
        };
    }

    private static String read(Leaf leaf) {
        String read = data(leaf, "read").orElse("");
        return switch (read) {
            case "provenance-report" ->
                "the provenance report of photo " + data(leaf, "photoId").orElse("?");
            case "account-overview" -> "your sessions, devices and alerts";
            default ->
                "something this version does not name (" + data(leaf, "read").orElse("?") + ")";
        };
    }

    private static String action(Leaf leaf) {
        String text = Optional.ofNullable(leaf.value("personal.text"))
                .map(t -> ": \"" + t + "\"")
                .orElse(" (text erased)");
        return switch (data(leaf, "action").orElse("")) {
            case "assign" -> "assigned the case to " + data(leaf, "assignee").orElse("?");
            case "sign-out-session" ->
                "signed out session " + data(leaf, "targetSessionId").orElse("?");
            case "sign-out-device" ->
                "signed out device " + data(leaf, "targetDeviceId").orElse("?");
            case "note" -> "added a note" + text;
            case "resolve" -> "resolved the case" + text;
            case "close" -> "closed the case";
            default ->
                "did something this version does not name ("
                        + data(leaf, "action").orElse("?") + ")";
        };
    }

    private static Optional<String> data(Leaf leaf, String field) {
        return Optional.ofNullable(leaf.value("data." + field));
    }

    /** The line's fields by name as the access log writes them; absent ones left out. */
    private Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("index", index);
        fields.put("at", at);
        fields.put("type", type);
        fields.put("caseId", caseId);
        fields.put("grantId", grantId);
        fields.put("staffId", staffId);
        fields.put("staffRole", staffRole);
        fields.put("reason", reason);
        fields.put("what", what);
        fields.values().removeIf(Objects::isNull);
        return fields;
    }

    /** Refuses a line of the answer that is not exactly this line: a field differs, is missing or is extra. */
    void requireShownAs(JsonNode shown, String where) throws VerificationException {
        if (!shown.isObject()) {
            throw new VerificationException(where + " is not an object");
        }
        Map<String, Object> expected = fields();
        for (Iterator<String> names = shown.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!expected.containsKey(name) && !shown.get(name).isNull()) {
                throw new VerificationException(
                        where + " has a field '" + name + "' that log entry " + index + " does not back");
            }
        }
        for (Map.Entry<String, Object> field : expected.entrySet()) {
            JsonNode value = shown.get(field.getKey());
            String says = "'" + field.getKey() + "'";
            if (value == null || value.isNull()) {
                throw new VerificationException(where + " lacks " + says + ", which log entry " + index + " gives as '"
                        + field.getValue() + "'");
            }
            if (!same(field.getValue(), value)) {
                throw new VerificationException(where + ": " + says + " is '" + value.asText() + "' but log entry "
                        + index + " says '" + field.getValue() + "'");
            }
        }
    }

    private static boolean same(Object expected, JsonNode shown) {
        if (expected instanceof Long number) {
            return shown.canConvertToLong() && shown.isIntegralNumber() && shown.asLong() == number;
        }
        if (expected instanceof Instant instant) {
            try {
                return shown.isTextual() && Instant.parse(shown.asText()).equals(instant);
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return shown.isTextual() && shown.asText().equals(expected);
    }
}
