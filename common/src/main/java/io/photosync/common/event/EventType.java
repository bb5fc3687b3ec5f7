package io.photosync.common.event;

import static io.photosync.common.event.EventField.*;
import static io.photosync.common.event.EventSource.ACCOUNT_SERVICE;
import static io.photosync.common.event.EventSource.AUDIT_SERVICE;
import static io.photosync.common.event.EventSource.SYNC_SERVICE;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event types of the log (docs/EVENTS.md): each with the one source allowed to submit it and the fields of its
 * {@code data} and {@code personal}. The single place an event's contract is written down on the server side; the cli
 * keeps its own names on purpose, being the outside examiner's verifier.
 */
public enum EventType {
    ACCOUNT_CREATED(ACCOUNT_SERVICE, LOGIN, DISPLAY_NAME),
    SIGN_IN(
            ACCOUNT_SERVICE,
            AUTH_METHOD,
            DEVICE_FIRST_SEEN,
            EXPIRES_AT,
            IP,
            IP_CITY,
            IP_REGION,
            IP_COUNTRY,
            IP_LAT,
            IP_LON,
            IP_SOURCE,
            REPORTED_LAT,
            REPORTED_LON,
            REPORTED_ACCURACY_METERS,
            DEVICE_NAME,
            DEVICE_MODEL,
            DEVICE_OS,
            APP_VERSION,
            USER_AGENT),
    /** The one type whose {@code accountId} may be absent: a login no account has. */
    SIGN_IN_FAILED(ACCOUNT_SERVICE, REASON, IP, LOGIN),
    TOKEN_REFRESHED(ACCOUNT_SERVICE, IP),
    REFRESH_TOKEN_REUSE(ACCOUNT_SERVICE, IP),
    REFRESH_TOKEN_WRONG_KEY(ACCOUNT_SERVICE, PRESENTED_DEVICE_ID, IP),
    SESSION_REVOKED(ACCOUNT_SERVICE, REASON, REVOKED_BY, CASE_ID),
    DEVICE_REVOKED(ACCOUNT_SERVICE, REVOKED_BY, CASE_ID),
    ALERT_RAISED(ACCOUNT_SERVICE, ALERT_ID, ALERT_TYPE, RELATED_SESSION_ID, DETAIL),
    ACCOUNT_ERASED(ACCOUNT_SERVICE),
    PHOTO_UPLOADED(
            SYNC_SERVICE,
            UPLOAD_ID,
            SHA256,
            BYTES,
            MEDIA_TYPE,
            CAPTURE_TAKEN_AT,
            CAPTURE_MAKE,
            CAPTURE_MODEL,
            NEW_PHOTO,
            IP,
            CAPTURE_LAT,
            CAPTURE_LON),
    PHOTO_DELIVERED(SYNC_SERVICE, SHA256, CHANGE_SEQ, IP),
    PHOTO_DOWNLOADED(SYNC_SERVICE, SHA256, IP),
    PHOTO_DELETED(SYNC_SERVICE, SHA256, IP),
    SUPPORT_GRANT(AUDIT_SERVICE, CASE_ID, GRANT_ID, STATE, REASON, EXPIRES_AT, ENDED_BY),
    AGENT_ACCESS(AUDIT_SERVICE, CASE_ID, GRANT_ID, STAFF_ID, STAFF_ROLE, REASON, READ, PHOTO_ID),
    AGENT_ACTION(
            AUDIT_SERVICE,
            CASE_ID,
            GRANT_ID,
            STAFF_ID,
            STAFF_ROLE,
            REASON,
            ACTION,
            ASSIGNEE,
            TARGET_SESSION_ID,
            TARGET_DEVICE_ID,
            TEXT);

    /** Every personal field name of every type: none of them may appear in clear in {@code data}. */
    public static final Set<String> PERSONAL_KEYS = Arrays.stream(EventField.values())
            .filter(EventField::personal)
            .map(EventField::key)
            .collect(Collectors.toUnmodifiableSet());

    private static final Map<String, EventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::name, Function.identity()));

    private final EventSource source;
    private final Set<EventField> fields;

    EventType(EventSource source, EventField... fields) {
        this.source = source;
        Set<EventField> set = EnumSet.noneOf(EventField.class);
        set.addAll(Arrays.asList(fields));
        this.fields = Collections.unmodifiableSet(set);
    }

    /** The type named {@code type} in an event, or empty for a type the log does not know. */
    public static Optional<EventType> named(String type) {
        return Optional.ofNullable(BY_NAME.get(type));
    }

    public EventSource source() {
        return source;
    }

    /** The fields this type's {@code data} and {@code personal} may hold. */
    public Set<EventField> fields() {
        return fields;
    }

    /** An empty set of facts of this type, to be filled field by field. */
    public EventFacts facts() {
        return new EventFacts(this);
    }
}
