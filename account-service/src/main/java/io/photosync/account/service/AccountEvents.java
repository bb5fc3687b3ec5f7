package io.photosync.account.service;

import static io.photosync.common.event.EventField.*;
import static io.photosync.common.event.EventType.*;

import io.photosync.account.model.Device;
import io.photosync.account.model.DeviceSession;
import io.photosync.common.event.EventFacts;
import io.photosync.common.outbox.LogEvent;
import io.photosync.common.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes account-service's log events (docs/EVENTS.md) to the outbox, inside the caller's transaction.
 * Absent values are left out, never written as null.
 */
@ApplicationScoped
public class AccountEvents {
    @Inject
    OutboxWriter outbox;

    public void accountCreated(UUID accountId, String login, String displayName, Instant at) {
        append(ACCOUNT_CREATED.facts().put(LOGIN, login).put(DISPLAY_NAME, displayName), at, accountId, null, null);
    }

    public void signIn(DeviceSession s, boolean deviceFirstSeen) {
        append(
                SIGN_IN.facts()
                        .put(AUTH_METHOD, s.authMethod)
                        .put(DEVICE_FIRST_SEEN, deviceFirstSeen)
                        .put(EXPIRES_AT, s.expiresAt.toString())
                        .put(IP, s.clientIp)
                        .put(IP_CITY, s.ipCity)
                        .put(IP_REGION, s.ipRegion)
                        .put(IP_COUNTRY, s.ipCountry)
                        .put(IP_LAT, s.ipLat)
                        .put(IP_LON, s.ipLon)
                        .put(IP_SOURCE, s.ipSource)
                        .put(REPORTED_LAT, s.reportedLat)
                        .put(REPORTED_LON, s.reportedLon)
                        .put(REPORTED_ACCURACY_METERS, s.reportedAccuracyMeters)
                        .put(DEVICE_NAME, s.deviceName)
                        .put(DEVICE_MODEL, s.deviceModel)
                        .put(DEVICE_OS, s.deviceOs)
                        .put(APP_VERSION, s.deviceAppVersion)
                        .put(USER_AGENT, s.userAgent),
                s.createdAt,
                s.accountId,
                s.deviceId,
                s.id);
    }

    /** @param unknownLogin the login tried, only when no account has it (else null) */
    public void signInFailed(UUID accountId, String reason, String ip, String unknownLogin, Instant at) {
        append(
                SIGN_IN_FAILED.facts().put(REASON, reason).put(IP, ip).put(LOGIN, unknownLogin),
                at,
                accountId,
                null,
                null);
    }

    public void tokenRefreshed(DeviceSession s, String ip, Instant at) {
        append(TOKEN_REFRESHED.facts().put(IP, ip), at, s.accountId, s.deviceId, s.id);
    }

    public void refreshTokenReuse(DeviceSession s, String ip, Instant at) {
        append(REFRESH_TOKEN_REUSE.facts().put(IP, ip), at, s.accountId, s.deviceId, s.id);
    }

    /** @param presentedDeviceId the thumbprint of the key the token was shown with */
    public void refreshTokenWrongKey(DeviceSession s, String presentedDeviceId, String ip, Instant at) {
        append(
                REFRESH_TOKEN_WRONG_KEY
                        .facts()
                        .put(PRESENTED_DEVICE_ID, presentedDeviceId)
                        .put(IP, ip),
                at,
                s.accountId,
                s.deviceId,
                s.id);
    }

    public void sessionRevoked(DeviceSession s) {
        append(
                SESSION_REVOKED
                        .facts()
                        .put(REASON, s.revokedReason)
                        .put(REVOKED_BY, s.revokedBy)
                        .put(CASE_ID, text(s.revokedCaseId)),
                s.revokedAt,
                s.accountId,
                s.deviceId,
                s.id);
    }

    public void deviceRevoked(Device d) {
        append(
                DEVICE_REVOKED.facts().put(REVOKED_BY, d.revokedBy).put(CASE_ID, text(d.revokedCaseId)),
                d.revokedAt,
                d.accountId,
                d.deviceId,
                null);
    }

    public void alertRaised(
            UUID alertId,
            String alertType,
            UUID accountId,
            String deviceId,
            UUID sessionId,
            UUID relatedSessionId,
            String detail,
            Instant at) {
        append(
                ALERT_RAISED
                        .facts()
                        .put(ALERT_ID, alertId.toString())
                        .put(ALERT_TYPE, alertType)
                        .put(RELATED_SESSION_ID, text(relatedSessionId))
                        .put(DETAIL, detail),
                at,
                accountId,
                deviceId,
                sessionId);
    }

    /** The owner erased the account: a fact without any personal value (docs/PRIVACY.md "Erasure"). */
    public void accountErased(UUID accountId, Instant at) {
        append(ACCOUNT_ERASED.facts(), at, accountId, null, null);
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }

    private void append(EventFacts facts, Instant at, UUID accountId, String deviceId, UUID sessionId) {
        outbox.append(new LogEvent(
                UUID.randomUUID(),
                facts.type().name(),
                facts.type().source().id(),
                at,
                accountId,
                deviceId,
                sessionId,
                null,
                facts.data(),
                facts.personal()));
    }
}
