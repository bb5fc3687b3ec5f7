package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Set;

/** Prints support cases and grants as audit-service answers them, every value escaped ({@link Text#printable}). */
final class CasePrinter {
    private CasePrinter() {}

    /** The case's id and state, its question, grant and resolution, then every other field it has. */
    static void printCase(PrintWriter out, JsonNode untrusted) {
        JsonNode sc = Text.printable(untrusted);
        out.printf("Case %s  %s%n", ListPrinter.first(sc, "id"), ListPrinter.first(sc, "state"));
        out.printf("    %-18s %s%n", "question:", ListPrinter.first(sc, "question"));
        JsonNode grant = sc.path("grant");
        if (grant.isObject()) {
            out.printf("    %-18s %s%n", "grant:", grant(grant));
        }
        if (sc.hasNonNull("resolution")) {
            out.printf("    %-18s %s%n", "resolution:", sc.get("resolution").asText());
        }
        ListPrinter.printOtherFields(out, sc, Set.of("id", "state", "question", "grant", "resolution"));
    }

    /** {@code GRANT_ID active until 2026-12-06 16:00:00 UTC (reason owner-request)}. */
    static String grant(JsonNode grant) {
        String state = ListPrinter.first(grant, "state");
        StringBuilder text =
                new StringBuilder(ListPrinter.first(grant, "id")).append(' ').append(state);
        if ("active".equals(state) && grant.hasNonNull("expiresAt")) {
            text.append(" until ").append(Text.time(grant.get("expiresAt")));
        }
        if ("ended".equals(state)) {
            text.append(grant.hasNonNull("endedAt") ? " at " + Text.time(grant.get("endedAt")) : "");
            text.append(
                    grant.hasNonNull("endedBy")
                            ? " (ended by " + grant.get("endedBy").asText() + ")"
                            : "");
        }
        if (grant.hasNonNull("reason")) {
            text.append(" (reason ").append(grant.get("reason").asText()).append(')');
        }
        return text.toString();
    }
}
