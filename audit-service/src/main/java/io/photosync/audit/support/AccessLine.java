package io.photosync.audit.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.photosync.audit.provenance.LoggedEvent;

import java.time.Instant;

/**
 * One line of the owner's access log, a deterministic rendering of one entry of the access chain
 * (docs/SUPPORT.md "The access log"): the cli renders the verified leaf the same way and must get the same line.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessLine(long index, Instant at, String type, String caseId, String grantId, String staffId,
                         String staffRole, String reason, String what) {

    /** The personal field an access-log line shows: a note's or resolution's text. */
    public static final String TEXT = "text";

    public static AccessLine of(LoggedEvent e) {
        String staff = e.dataText("staffId").map(id -> "Agent " + id + " (" + e.dataText("staffRole").orElse("?") + ")")
                .orElse("Support");
        String caseId = e.dataText("caseId").orElse("?");
        String what = switch (e.type()) {
            case "SUPPORT_GRANT" -> grant(e, caseId);
            case "AGENT_ACCESS" -> staff + " read " + switch (e.dataText("read").orElse("")) {
                case "provenance-report" -> "the provenance report of photo " + e.dataText("photoId").orElse("?");
                case "account-overview" -> "your sessions, devices and alerts";
                default -> "something this version does not name (" + e.dataText("read").orElse("?") + ")";
            } + " for case " + caseId;
            case "AGENT_ACTION" -> staff + " " + action(e) + " in case " + caseId;
            default -> e.type();
        };
        return new AccessLine(e.index(), e.occurredAt(), e.type(), e.dataText("caseId").orElse(null),
                e.dataText("grantId").orElse(null), e.dataText("staffId").orElse(null), e.dataText("staffRole").orElse(null),
                e.dataText("reason").orElse(null), what);
    }

    private static String grant(LoggedEvent e, String caseId) {
        return switch (e.dataText("state").orElse("")) {
            case "requested" -> "Support asked to see your account for case " + caseId + "; nothing is shown until you approve";
            case "active" -> "Support may see your account for case " + caseId + " until " + e.dataText("expiresAt").orElse("?");
            case "ended" -> "Support's access for case " + caseId + " ended ("
                    + ("owner".equals(e.dataText("endedBy").orElse("")) ? "you ended it" : "the case was closed") + ")";
            default -> "Support grant for case " + caseId + ": " + e.dataText("state").orElse("?");
        };
    }

    private static String action(LoggedEvent e) {
        String text = e.text(TEXT).map(t -> ": \"" + t + "\"").orElse(" (text erased)");
        return switch (e.dataText("action").orElse("")) {
            case "assign" -> "assigned the case to " + e.dataText("assignee").orElse("?");
            case "sign-out-session" -> "signed out session " + e.dataText("targetSessionId").orElse("?");
            case "sign-out-device" -> "signed out device " + e.dataText("targetDeviceId").orElse("?");
            case "note" -> "added a note" + text;
            case "resolve" -> "resolved the case" + text;
            case "close" -> "closed the case";
            default -> "did something this version does not name (" + e.dataText("action").orElse("?") + ")";
        };
    }
}
