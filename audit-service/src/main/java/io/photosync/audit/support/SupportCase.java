package io.photosync.audit.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A support case as the owner and the agents see it (docs/SUPPORT.md "Case lifecycle"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SupportCase(
        UUID id,
        UUID accountId,
        UUID photoId,
        String deviceId,
        String question,
        String openedBy,
        String openedByStaff,
        State state,
        String assignee,
        String resolution,
        Instant createdAt,
        Instant resolvedAt,
        Instant closedAt,
        Grant grant,
        List<Note> notes) {

    public enum State {
        open,
        in_progress,
        resolved,
        closed
    }

    public SupportCase withGrantAndNotes(Grant newGrant, List<Note> newNotes) {
        return new SupportCase(
                id,
                accountId,
                photoId,
                deviceId,
                question,
                openedBy,
                openedByStaff,
                state,
                assignee,
                resolution,
                createdAt,
                resolvedAt,
                closedAt,
                newGrant,
                newNotes);
    }

    /** What the owner sees: the case without the agents' internal notes. */
    public SupportCase forOwner() {
        return withGrantAndNotes(grant, null);
    }

    public boolean isClosed() {
        return state == State.closed;
    }

    /** The owner's consent to agents seeing the account for this case. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Grant(
            UUID id,
            UUID caseId,
            State state,
            String reason,
            Instant requestedAt,
            Instant approvedAt,
            Instant expiresAt,
            Instant endedAt,
            String endedBy) {

        public enum State {
            requested,
            active,
            ended
        }

        /** Live: approved, not ended and not expired at {@code now} (the case's own state is checked apart). */
        public boolean isLive(Instant now) {
            return state == State.active && expiresAt != null && now.isBefore(expiresAt);
        }
    }

    public record Note(UUID id, String staffId, String text, Instant createdAt) {}
}
