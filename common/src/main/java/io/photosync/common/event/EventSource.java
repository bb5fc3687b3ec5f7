package io.photosync.common.event;

/** The services that may submit events to the log, by the name they authenticate as (docs/EVENTS.md). */
public enum EventSource {
    ACCOUNT_SERVICE("account-service"),
    SYNC_SERVICE("sync-service"),
    /** audit-service itself, for what support agents see and do (docs/SUPPORT.md); nobody else can submit as it. */
    AUDIT_SERVICE("audit-service");

    private final String id;

    EventSource(String id) {
        this.id = id;
    }

    /** The name in an event's {@code source} and in the source token's {@code iss}. */
    public String id() {
        return id;
    }
}
