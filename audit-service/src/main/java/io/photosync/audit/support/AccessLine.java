package io.photosync.audit.support;

import static io.photosync.common.event.EventField.*;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.photosync.audit.provenance.LoggedEvent;
import io.photosync.common.event.EventType;
import java.time.Instant;

/**
 * One line of the owner's access log, a deterministic rendering of one entry of the access chain
 * (docs/SUPPORT.md "The access log"): the cli renders the verified leaf the same way and must get the same line.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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

    public static AccessLine of(LoggedEvent e) {
        String staff = e.dataText(STAFF_ID)
                .map(id -> "Agent " + id + " (" + e.dataText(STAFF_ROLE).orElse("?") + ")")
                .orElse("Support");
        String caseId = e.dataText(CASE_ID).orElse("?");
        String what = switch (EventType.named(e.type()).orElse(null)) {
            case SUPPORT_GRANT -> grant(e, caseId);
            case AGENT_ACCESS ->
                staff + " read "
                        + switch (e.dataText(READ).orElse("")) {
                            case "provenance-report" ->
                                "the provenance report of photo "
                                        + e.dataText(PHOTO_ID).orElse("?");
                            case "account-overview" -> "your sessions, devices and alerts";
                            default ->
                                "something this version does not name ("
                                        + e.dataText(READ).orElse("?") + ")";
                        }
                        + " for case " + caseId;
            case AGENT_ACTION -> staff + " " + action(e) + " in case " + caseId;
            case null, default -> e.type();
        };
        return new AccessLine(
                e.index(),
                e.occurredAt(),
                e.type(),
                e.dataText(CASE_ID).orElse(null),
                e.dataText(GRANT_ID).orElse(null),
                e.dataText(STAFF_ID).orElse(null),
                e.dataText(STAFF_ROLE).orElse(null),
                e.dataText(REASON).orElse(null),
                what);
    }

    private static String grant(LoggedEvent e, String caseId) {
        return switch (e.dataText(STATE).orElse("")) {
            case "requested" ->
                "Support asked to see your account for case " + caseId + "; nothing is shown until you approve";
            case "active" ->
                "Support may see your account for case " + caseId + " until "
                        + e.dataText(EXPIRES_AT).orElse("?");
            case "ended" ->
                "Support's access for case " + caseId + " ended ("
                        + ("owner".equals(e.dataText(ENDED_BY).orElse("")) ? "you ended it" : "the case was closed")
                        + ")";
            default ->
                "Support grant for case " + caseId + ": " + e.dataText(STATE).orElse("?");
        };
    }

    private static String action(LoggedEvent e) {
        String text = e.text(TEXT).map(t -> ": \"" + t + "\"").orElse(" (text erased)");
        return switch (e.dataText(ACTION).orElse("")) {
            case "assign" -> "assigned the case to " + e.dataText(ASSIGNEE).orElse("?");
            case "sign-out-session" ->
                "signed out session " + e.dataText(TARGET_SESSION_ID).orElse("?");
            case "sign-out-device" ->
                "signed out device " + e.dataText(TARGET_DEVICE_ID).orElse("?");
            case "note" -> "added a note" + text;
            case "resolve" -> "resolved the case" + text;
            case "close" -> "closed the case";
            default ->
                "did something this version does not name ("
                        + e.dataText(ACTION).orElse("?") + ")";
        };
    }
}
