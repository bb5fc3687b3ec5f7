package io.photosync.account.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.photosync.account.model.Alert;
import io.photosync.account.model.Device;
import io.photosync.account.model.DeviceSession;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What /v1/me shows, and the support API shows of it. Self-reported facts say so. */
public final class Views {
    private Views() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceRef(String id, String name, String model, String os, String appVersion, boolean selfReported) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IpLocationView(
            String city, String region, String country, Double lat, Double lon, String source, String reason) {}

    public record ReportedLocationView(double lat, double lon, Double accuracyMeters, boolean selfReported) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SessionView(
            UUID sessionId,
            DeviceRef device,
            Instant createdAt,
            Instant lastSeenAt,
            String lastSeenIp,
            Instant expiresAt,
            String ip,
            IpLocationView location,
            ReportedLocationView reportedLocation,
            String userAgent,
            String authMethod,
            boolean current,
            String status,
            Instant revokedAt,
            String revokedReason,
            String revokedBy,
            UUID caseId) {
        static SessionView of(DeviceSession s, UUID currentSessionId, Instant now) {
            return new SessionView(
                    s.id,
                    new DeviceRef(s.deviceId, s.deviceName, s.deviceModel, s.deviceOs, s.deviceAppVersion, true),
                    ms(s.createdAt),
                    ms(s.lastSeenAt),
                    s.lastSeenIp,
                    ms(s.expiresAt),
                    s.clientIp,
                    new IpLocationView(
                            s.ipCity, s.ipRegion, s.ipCountry, s.ipLat, s.ipLon, s.ipSource, s.ipNoLocationReason),
                    s.reportedLat == null
                            ? null
                            : new ReportedLocationView(s.reportedLat, s.reportedLon, s.reportedAccuracyMeters, true),
                    s.userAgent,
                    s.authMethod,
                    s.id.equals(currentSessionId),
                    s.status(now),
                    ms(s.revokedAt),
                    s.revokedReason,
                    s.revokedBy,
                    s.revokedCaseId);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceView(
            String deviceId,
            String name,
            String model,
            String os,
            String appVersion,
            boolean selfReported,
            Instant firstSeenAt,
            Instant lastSeenAt,
            String status,
            long activeSessions,
            boolean current,
            Instant revokedAt,
            String revokedBy,
            UUID caseId) {
        static DeviceView of(Device d, long activeSessions, String currentDeviceId) {
            return new DeviceView(
                    d.deviceId,
                    d.name,
                    d.model,
                    d.os,
                    d.appVersion,
                    true,
                    ms(d.firstSeenAt),
                    ms(d.lastSeenAt),
                    d.revokedAt == null ? "active" : "revoked",
                    activeSessions,
                    d.deviceId.equals(currentDeviceId),
                    ms(d.revokedAt),
                    d.revokedBy,
                    d.revokedCaseId);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AlertView(
            UUID alertId,
            String type,
            Instant createdAt,
            UUID sessionId,
            String deviceId,
            UUID relatedSessionId,
            Map<String, Object> details) {
        static AlertView of(Alert a) {
            return new AlertView(a.id, a.type, ms(a.createdAt), a.sessionId, a.deviceId, a.relatedSessionId, a.details);
        }
    }

    /**
     * The account's sessions as its owner sees them, inside the caller's transaction; {@code currentSessionId}
     * is the caller's own, null when the caller is not the owner (support), and likewise for devices.
     */
    static List<SessionView> sessions(List<DeviceSession> sessions, UUID currentSessionId, Instant now) {
        return sessions.stream()
                .map(s -> SessionView.of(s, currentSessionId, now))
                .toList();
    }

    static List<DeviceView> devices(List<Device> devices, Map<String, Long> activeByDevice, String currentDeviceId) {
        return devices.stream()
                .map(d -> DeviceView.of(d, activeByDevice.getOrDefault(d.deviceId, 0L), currentDeviceId))
                .toList();
    }

    static List<AlertView> alerts(List<Alert> alerts) {
        return alerts.stream().map(AlertView::of).toList();
    }

    /** RFC 3339 with millisecond precision. */
    static Instant ms(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }
}
