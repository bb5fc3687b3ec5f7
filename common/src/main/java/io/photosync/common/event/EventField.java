package io.photosync.common.event;

/**
 * Every name inside an event's {@code data} or {@code personal} (docs/EVENTS.md). Whether a field is personal
 * belongs to the name, not to the event: a personal value enters the log only as a salted digest, and the log
 * refuses a personal name inside {@code data}.
 */
public enum EventField {
    AUTH_METHOD("authMethod"),
    DEVICE_FIRST_SEEN("deviceFirstSeen"),
    EXPIRES_AT("expiresAt"),
    REASON("reason"),
    PRESENTED_DEVICE_ID("presentedDeviceId"),
    REVOKED_BY("revokedBy"),
    CASE_ID("caseId"),
    ALERT_ID("alertId"),
    ALERT_TYPE("alertType"),
    RELATED_SESSION_ID("relatedSessionId"),
    UPLOAD_ID("uploadId"),
    SHA256("sha256"),
    BYTES("bytes"),
    MEDIA_TYPE("mediaType"),
    CAPTURE_TAKEN_AT("captureTakenAt"),
    CAPTURE_MAKE("captureMake"),
    CAPTURE_MODEL("captureModel"),
    NEW_PHOTO("newPhoto"),
    CHANGE_SEQ("changeSeq"),
    GRANT_ID("grantId"),
    STATE("state"),
    ENDED_BY("endedBy"),
    STAFF_ID("staffId"),
    STAFF_ROLE("staffRole"),
    READ("read"),
    PHOTO_ID("photoId"),
    ACTION("action"),
    ASSIGNEE("assignee"),
    TARGET_SESSION_ID("targetSessionId"),
    TARGET_DEVICE_ID("targetDeviceId"),

    LOGIN("login", true),
    DISPLAY_NAME("displayName", true),
    IP("ip", true),
    IP_CITY("ipCity", true),
    IP_REGION("ipRegion", true),
    IP_COUNTRY("ipCountry", true),
    IP_LAT("ipLat", true),
    IP_LON("ipLon", true),
    IP_SOURCE("ipSource", true),
    REPORTED_LAT("reportedLat", true),
    REPORTED_LON("reportedLon", true),
    REPORTED_ACCURACY_METERS("reportedAccuracyMeters", true),
    DEVICE_NAME("deviceName", true),
    DEVICE_MODEL("deviceModel", true),
    DEVICE_OS("deviceOs", true),
    APP_VERSION("appVersion", true),
    USER_AGENT("userAgent", true),
    DETAIL("detail", true),
    CAPTURE_LAT("captureLat", true),
    CAPTURE_LON("captureLon", true),
    TEXT("text", true);

    private final String key;
    private final boolean personal;

    EventField(String key) {
        this(key, false);
    }

    EventField(String key, boolean personal) {
        this.key = key;
        this.personal = personal;
    }

    /** The member name in {@code data} or {@code personal}, as on the wire and in the leaf. */
    public String key() {
        return key;
    }

    /** True for a field of {@code personal}, false for one of {@code data}. */
    public boolean personal() {
        return personal;
    }
}
