package io.photosync.account.service;

import io.photosync.common.outbox.PresentValues;
import io.photosync.account.model.Device;
import io.photosync.account.model.DeviceSession;
import io.photosync.common.outbox.LogEvent;
import io.photosync.common.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Writes account-service's log events (docs/EVENTS.md) to the outbox, inside the caller's transaction.
 * Absent values are left out, never written as null.
 */
@ApplicationScoped
public class AccountEvents {
    public static final String SOURCE = "account-service";

    @Inject
    OutboxWriter outbox;

    public void accountCreated(UUID accountId, String login, String displayName, Instant at) {
        append("ACCOUNT_CREATED", at, accountId, null, null, Map.of(), PresentValues.of("login", login, "displayName", displayName));
    }

    public void signIn(DeviceSession s, boolean deviceFirstSeen) {
        append("SIGN_IN", s.createdAt, s.accountId, s.deviceId, s.id,
                PresentValues.of("authMethod", s.authMethod, "deviceFirstSeen", deviceFirstSeen, "expiresAt", s.expiresAt.toString()),
                PresentValues.of("ip", s.clientIp, "ipCity", s.ipCity, "ipRegion", s.ipRegion, "ipCountry", s.ipCountry,
                        "ipLat", s.ipLat, "ipLon", s.ipLon, "ipSource", s.ipSource,
                        "reportedLat", s.reportedLat, "reportedLon", s.reportedLon, "reportedAccuracyMeters", s.reportedAccuracyMeters,
                        "deviceName", s.deviceName, "deviceModel", s.deviceModel, "deviceOs", s.deviceOs,
                        "appVersion", s.deviceAppVersion, "userAgent", s.userAgent));
    }

    /** @param unknownLogin the login tried, only when no account has it (else null) */
    public void signInFailed(UUID accountId, String reason, String ip, String unknownLogin, Instant at) {
        append("SIGN_IN_FAILED", at, accountId, null, null, PresentValues.of("reason", reason), PresentValues.of("ip", ip, "login", unknownLogin));
    }

    public void tokenRefreshed(DeviceSession s, String ip, Instant at) {
        append("TOKEN_REFRESHED", at, s.accountId, s.deviceId, s.id, Map.of(), PresentValues.of("ip", ip));
    }

    public void refreshTokenReuse(DeviceSession s, String ip, Instant at) {
        append("REFRESH_TOKEN_REUSE", at, s.accountId, s.deviceId, s.id, Map.of(), PresentValues.of("ip", ip));
    }

    /** @param presentedDeviceId the thumbprint of the key the token was shown with */
    public void refreshTokenWrongKey(DeviceSession s, String presentedDeviceId, String ip, Instant at) {
        append("REFRESH_TOKEN_WRONG_KEY", at, s.accountId, s.deviceId, s.id,
                PresentValues.of("presentedDeviceId", presentedDeviceId), PresentValues.of("ip", ip));
    }

    public void sessionRevoked(DeviceSession s) {
        append("SESSION_REVOKED", s.revokedAt, s.accountId, s.deviceId, s.id,
                PresentValues.of("reason", s.revokedReason, "revokedBy", s.revokedBy, "caseId", text(s.revokedCaseId)), Map.of());
    }

    public void deviceRevoked(Device d) {
        append("DEVICE_REVOKED", d.revokedAt, d.accountId, d.deviceId, null,
                PresentValues.of("revokedBy", d.revokedBy, "caseId", text(d.revokedCaseId)), Map.of());
    }

    public void alertRaised(UUID alertId, String alertType, UUID accountId, String deviceId, UUID sessionId,
                            UUID relatedSessionId, String detail, Instant at) {
        append("ALERT_RAISED", at, accountId, deviceId, sessionId,
                PresentValues.of("alertId", alertId.toString(), "alertType", alertType,
                        "relatedSessionId", text(relatedSessionId)),
                PresentValues.of("detail", detail));
    }

    /** The owner erased the account: a fact without any personal value (docs/PRIVACY.md "Erasure"). */
    public void accountErased(UUID accountId, Instant at) {
        append("ACCOUNT_ERASED", at, accountId, null, null, Map.of(), Map.of());
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }

    private void append(String type, Instant at, UUID accountId, String deviceId, UUID sessionId,
                        Map<String, Object> data, Map<String, Object> personal) {
        outbox.append(new LogEvent(UUID.randomUUID(), type, SOURCE, at, accountId, deviceId, sessionId, null, data, personal));
    }
}
