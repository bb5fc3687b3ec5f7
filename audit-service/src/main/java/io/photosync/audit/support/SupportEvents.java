package io.photosync.audit.support;

import static io.photosync.common.event.EventField.*;
import static io.photosync.common.event.EventType.AGENT_ACCESS;
import static io.photosync.common.event.EventType.AGENT_ACTION;
import static io.photosync.common.event.EventType.SUPPORT_GRANT;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.photosync.audit.sequencing.SubmissionService;
import io.photosync.audit.support.SupportCase.Grant;
import io.photosync.common.event.EventSource;
import io.photosync.common.event.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Writes the support events of docs/SUPPORT.md into the log and returns only once they are sequenced under a
 * signed checkpoint: what an agent reads or does is on the owner's access chain before it happens.
 */
@ApplicationScoped
public class SupportEvents {
    /** What an agent read. */
    public enum Read {
        PROVENANCE_REPORT("provenance-report"),
        ACCOUNT_OVERVIEW("account-overview");

        final String code;

        Read(String code) {
            this.code = code;
        }
    }

    /** What an agent did. */
    public enum Action {
        ASSIGN("assign"),
        SIGN_OUT_SESSION("sign-out-session"),
        SIGN_OUT_DEVICE("sign-out-device"),
        NOTE("note"),
        RESOLVE("resolve"),
        CLOSE("close");

        final String code;

        Action(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    @Inject
    SubmissionService submissions;

    Clock clock = Clock.systemUTC();

    public void grant(SupportCase sc, Grant grant) {
        ObjectNode event = event(SUPPORT_GRANT, sc.accountId());
        ObjectNode data = event.putObject("data")
                .put(CASE_ID.key(), sc.id().toString())
                .put(GRANT_ID.key(), grant.id().toString())
                .put(STATE.key(), grant.state().name())
                .put(REASON.key(), grant.reason());
        if (grant.expiresAt() != null) {
            data.put(
                    EXPIRES_AT.key(),
                    grant.expiresAt().truncatedTo(ChronoUnit.MILLIS).toString());
        }
        if (grant.endedBy() != null) {
            data.put(ENDED_BY.key(), grant.endedBy());
        }
        submissions.submitOwn(List.of(event));
    }

    public void access(SupportCase sc, Staff staff, Read read) {
        ObjectNode event = event(AGENT_ACCESS, sc.accountId());
        ObjectNode data = agent(event, sc, staff).put(READ.key(), read.code);
        if (read == Read.PROVENANCE_REPORT) {
            data.put(PHOTO_ID.key(), sc.photoId().toString());
        }
        submissions.submitOwn(List.of(event));
    }

    /**
     * @param target the signed-out session id or device id, or null
     * @param text   a note's or resolution's text: personal (it may speak of the owner), so a salted digest in the leaf
     */
    public void action(SupportCase sc, Staff staff, Action action, String assignee, String target, String text) {
        ObjectNode event = event(AGENT_ACTION, sc.accountId());
        ObjectNode data = agent(event, sc, staff).put(ACTION.key(), action.code);
        if (assignee != null) {
            data.put(ASSIGNEE.key(), assignee);
        }
        if (action == Action.SIGN_OUT_SESSION) {
            data.put(TARGET_SESSION_ID.key(), target);
        } else if (action == Action.SIGN_OUT_DEVICE) {
            data.put(TARGET_DEVICE_ID.key(), target);
        }
        if (text != null) {
            event.putObject("personal").put(TEXT.key(), text);
        }
        submissions.submitOwn(List.of(event));
    }

    private ObjectNode agent(ObjectNode event, SupportCase sc, Staff staff) {
        return event.putObject("data")
                .put(CASE_ID.key(), sc.id().toString())
                .put(GRANT_ID.key(), sc.grant().id().toString())
                .put(STAFF_ID.key(), staff.staffId())
                .put(STAFF_ROLE.key(), staff.role().claim())
                .put(REASON.key(), sc.grant().reason());
    }

    private ObjectNode event(EventType type, UUID accountId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return JsonNodeFactory.instance
                .objectNode()
                .put("id", UUID.randomUUID().toString())
                .put("type", type.name())
                .put("source", EventSource.AUDIT_SERVICE.id())
                .put("occurredAt", now.toString())
                .put("accountId", accountId.toString());
    }
}
