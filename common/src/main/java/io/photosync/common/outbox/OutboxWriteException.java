package io.photosync.common.outbox;

/**
 * An event could not be written to the outbox (the database refused the insert, or the event is one the
 * log would refuse: {@link EventLimits.UnloggableEventException}). The caller's transaction must not commit
 * the fact without its event: the request fails as a server fault (500 problem, see
 * {@code ProblemMappers.OutboxWriteProblemMapper}) and nothing of it is written.
 */
public class OutboxWriteException extends RuntimeException {
    private final String eventType;

    public OutboxWriteException(String eventType, Throwable cause) {
        super("cannot write outbox event " + eventType + ": " + cause.getMessage(), cause);
        this.eventType = eventType;
    }

    public String eventType() {
        return eventType;
    }
}
