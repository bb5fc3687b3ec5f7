package io.photosync.audit.entry;

import java.util.Map;
import java.util.Set;

/** The event types of docs/EVENTS.md, each with the one source allowed to submit it. */
public final class EventTypes {
    public static final String ACCOUNT_SERVICE = "account-service";
    public static final String SYNC_SERVICE = "sync-service";
    /** audit-service itself, for what support agents see and do (docs/SUPPORT.md); nobody else can submit as it. */
    public static final String AUDIT_SERVICE = "audit-service";

    private static final Map<String, String> SOURCE_OF = Map.ofEntries(
            Map.entry("ACCOUNT_CREATED", ACCOUNT_SERVICE),
            Map.entry("SIGN_IN", ACCOUNT_SERVICE),
            Map.entry("SIGN_IN_FAILED", ACCOUNT_SERVICE),
            Map.entry("TOKEN_REFRESHED", ACCOUNT_SERVICE),
            Map.entry("REFRESH_TOKEN_REUSE", ACCOUNT_SERVICE),
            Map.entry("REFRESH_TOKEN_WRONG_KEY", ACCOUNT_SERVICE),
            Map.entry("SESSION_REVOKED", ACCOUNT_SERVICE),
            Map.entry("DEVICE_REVOKED", ACCOUNT_SERVICE),
            Map.entry("ALERT_RAISED", ACCOUNT_SERVICE),
            Map.entry("ACCOUNT_ERASED", ACCOUNT_SERVICE),
            Map.entry("PHOTO_UPLOADED", SYNC_SERVICE),
            Map.entry("PHOTO_DELIVERED", SYNC_SERVICE),
            Map.entry("PHOTO_DOWNLOADED", SYNC_SERVICE),
            Map.entry("PHOTO_DELETED", SYNC_SERVICE),
            Map.entry("SUPPORT_GRANT", AUDIT_SERVICE),
            Map.entry("AGENT_ACCESS", AUDIT_SERVICE),
            Map.entry("AGENT_ACTION", AUDIT_SERVICE));

    /** Every personal field name of docs/EVENTS.md: none of them may appear in clear in {@code data}. */
    public static final Set<String> PERSONAL_FIELDS = Set.of("login", "displayName", "ip", "ipCity", "ipRegion",
            "ipCountry", "ipLat", "ipLon", "ipSource", "reportedLat", "reportedLon", "reportedAccuracyMeters",
            "deviceName", "deviceModel", "deviceOs", "appVersion", "userAgent", "detail", "captureLat", "captureLon", "text");

    private EventTypes() {
    }

    /** The source allowed to submit {@code type}, or null for an unknown type. */
    public static String sourceOf(String type) {
        return SOURCE_OF.get(type);
    }
}
