package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The provenance report (docs/ARCHITECTURE.md, "The provenance report") as text a phone's owner can
 * read: the verdict, how the photo got here step by step (time, place, device, session), what
 * looks wrong, the explanation in English and Chinese, what to do, and how to check it offline.
 * Fields the report lacks are left out, never invented.
 */
public final class ReportPrinter {
    private static final int WIDTH = 100;
    private static final String RULE = "=".repeat(WIDTH);
    private static final String SESSIONS_PATH = "/v1/me/sessions/";

    private final ZoneId zone;

    public ReportPrinter(ZoneId zone) {
        this.zone = zone;
    }

    /** The report as text; every value from it is shown with {@link Text#printable} escapes. */
    public String render(JsonNode untrusted) {
        JsonNode report = Text.printable(untrusted);
        StringBuilder out = new StringBuilder();
        JsonNode photo = report.path("photo");
        line(out, "Why is photo " + photo.path("id").asText("?") + " on this phone?");
        line(out, RULE);
        JsonNode asker = report.path("device");
        if (asker.isObject()) {
            line(
                    out,
                    "Asked by:  " + device(asker.path("model"), asker.path("name"), asker.path("id"))
                            + "  [name and model self-reported]");
        }
        section(out, "VERDICT");
        JsonNode verdict = report.path("verdict");
        line(out, "  " + verdict.path("code").asText("(no verdict code)"));
        if (verdict.hasNonNull("summary")) {
            line(out, "  " + Text.wrap(verdict.get("summary").asText(), WIDTH, "  "));
        }

        section(out, "THE PHOTO");
        line(out, "  id:      " + photo.path("id").asText("?"));
        if (photo.hasNonNull("sha256")) {
            line(out, "  sha256:  " + photo.get("sha256").asText());
        }
        if (photo.path("capture").isObject()) {
            line(out, "  camera:  " + Text.capture(photo.get("capture"), zone) + "  [EXIF]");
        }

        chain(out, report.path("chain"));
        findings(out, report.path("findings"));
        explanation(out, report.path("explanation"));
        actions(out, report.path("actions"));
        evidence(out, untrusted.path("evidence"));
        return out.toString();
    }

    private void chain(StringBuilder out, JsonNode chain) {
        section(out, "HOW IT GOT HERE (each step is an entry in the transparency log)");
        if (!chain.isArray() || chain.isEmpty()) {
            line(out, "  (no steps in this report)");
            return;
        }
        // A name shown on one step (a sign-in) also names the same device on its other steps.
        Map<String, JsonNode> names = new HashMap<>();
        for (JsonNode step : chain) {
            if (step.path("deviceId").isTextual() && step.path("deviceName").isTextual()) {
                names.putIfAbsent(step.get("deviceId").asText(), step.get("deviceName"));
            }
        }
        int number = 1;
        for (JsonNode step : chain) {
            String head =
                    String.format("  %d. %-9s %s", number++, step.path("step").asText("?"), time(step.path("at")));
            line(out, head);
            String indent = "     " + " ".repeat(10);
            if (step.hasNonNull("deviceId") || step.hasNonNull("deviceName")) {
                JsonNode name = step.path("deviceName").isTextual()
                        ? step.get("deviceName")
                        : names.getOrDefault(step.path("deviceId").asText(), MissingNode.getInstance());
                line(out, indent + "device:  " + device(step.path("deviceModel"), name, step.path("deviceId")));
            }
            if (step.hasNonNull("sessionId")) {
                line(out, indent + "session: " + step.get("sessionId").asText());
            }
            List<String> from = new ArrayList<>();
            if (step.hasNonNull("ip")) {
                from.add("IP " + step.get("ip").asText());
            }
            String place = Text.place(step.path("location"));
            if (place != null) {
                from.add(place);
            }
            if (!from.isEmpty()) {
                line(out, indent + "from:    " + String.join(" — ", from));
            }
            if (step.hasNonNull("authMethod")) {
                line(out, indent + "method:  " + step.get("authMethod").asText());
            }
            if (step.hasNonNull("logIndex")) {
                line(out, indent + "log:     entry #" + step.get("logIndex").asText());
            }
        }
    }

    private static void findings(StringBuilder out, JsonNode findings) {
        section(out, "FINDINGS");
        if (!findings.isArray() || findings.isEmpty()) {
            line(out, "  none");
            return;
        }
        for (JsonNode finding : findings) {
            String head = String.format(
                    "  [%s] %s",
                    finding.path("severity").asText("?").toUpperCase(Locale.ROOT),
                    finding.path("code").asText("?"));
            line(out, head);
            if (finding.hasNonNull("detail")) {
                line(out, "      " + Text.wrap(finding.get("detail").asText(), WIDTH, "      "));
            }
        }
    }

    private static void explanation(StringBuilder out, JsonNode explanation) {
        if (!explanation.isObject()) {
            return;
        }
        section(out, "EXPLANATION");
        if (explanation.hasNonNull("en")) {
            line(out, "  " + Text.wrap(explanation.get("en").asText(), WIDTH, "  "));
        }
        if (explanation.hasNonNull("zh")) {
            section(out, "说明");
            line(out, "  " + explanation.get("zh").asText().strip());
        }
    }

    private static void actions(StringBuilder out, JsonNode actions) {
        if (!actions.isArray() || actions.isEmpty()) {
            return;
        }
        section(out, "WHAT YOU CAN DO");
        for (JsonNode action : actions) {
            StringBuilder text =
                    new StringBuilder("  - ").append(action.path("kind").asText("?"));
            if (action.hasNonNull("label")) {
                text.append(": ").append(action.get("label").asText());
            }
            if (action.hasNonNull("method") || action.hasNonNull("href")) {
                text.append("  (")
                        .append(action.path("method").asText(""))
                        .append(action.hasNonNull("method") ? " " : "")
                        .append(action.path("href").asText(""))
                        .append(')');
            }
            String href = action.path("href").asText("");
            int sessions = href.indexOf(SESSIONS_PATH);
            if ("DELETE".equals(action.path("method").asText()) && sessions >= 0) {
                text.append("\n      with this CLI: revoke ").append(href.substring(sessions + SESSIONS_PATH.length()));
            }
            line(out, text.toString());
        }
    }

    /** From the report as received: the checkpoint is a multi-line note; each piece shown is escaped here. */
    private static void evidence(StringBuilder out, JsonNode evidence) {
        section(out, "EVIDENCE");
        if (!evidence.isObject()) {
            line(out, "  this report carries no evidence: it cannot be checked offline");
            return;
        }
        int entries = evidence.path("entries").size();
        String[] checkpoint = evidence.path("checkpoint").asText("").split("\n");
        String tree = checkpoint.length >= 2
                ? " against the signed checkpoint of log '" + Text.printable(checkpoint[0]) + "' (tree size "
                        + Text.printable(checkpoint[1]) + ")"
                : "";
        line(out, "  " + entries + " log entr" + (entries == 1 ? "y" : "ies") + " with inclusion proofs" + tree + ".");
        if (evidence.hasNonNull("logKey")) {
            line(
                    out,
                    "  log key: "
                            + Text.printable(evidence.get("logKey").asText().strip()));
        }
        line(out, "  Check it without trusting the operator: save the report with 'why PHOTO_ID --json REPORT.json',");
        line(out, "  then run 'verify REPORT.json --log-key KEY' (KEY from a source you trust, not from this report).");
    }

    private static String device(JsonNode model, JsonNode name, JsonNode id) {
        StringBuilder text = new StringBuilder();
        if (model.isTextual()) {
            text.append(model.asText()).append(' ');
        }
        if (name.isTextual()) {
            text.append('"').append(name.asText()).append("\" ");
        }
        if (id.isTextual()) {
            text.append("(device id ").append(id.asText()).append(')');
        }
        return text.toString().strip();
    }

    private String time(JsonNode at) {
        return at.isTextual() || at.isNumber() ? Text.time(at, zone) : "(time unknown)";
    }

    private static void section(StringBuilder out, String title) {
        out.append('\n').append(title).append('\n');
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }
}
