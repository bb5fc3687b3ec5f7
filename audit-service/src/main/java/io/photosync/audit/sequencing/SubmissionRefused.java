package io.photosync.audit.sequencing;

import java.time.Duration;

/**
 * A submission that was not accepted, or not yet answered, and why; {@link SubmissionRefusedMapper} says it over HTTP.
 */
public class SubmissionRefused extends RuntimeException {
    public enum Reason {
        /** The source token is missing, invalid or used before; nothing of the batch was stored. */
        UNAUTHENTICATED,
        /** The batch breaks the event contract (docs/EVENTS.md); nothing of it was stored. */
        INVALID_EVENT,
        /** Some ids were logged before with other content; nothing of the batch was stored. */
        ID_CONFLICT,
        /** Stored durably, but no pass sequenced it within {@code audit.log.submit-wait}: sending it again is safe. */
        NOT_YET_SEQUENCED
    }

    /** How long a source should wait before sending a batch that was not yet sequenced again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Reason reason;

    public SubmissionRefused(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
