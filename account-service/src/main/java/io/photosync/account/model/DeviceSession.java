package io.photosync.account.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One sign-in of one device, with its sign-in record; bound to the device key. */
@Entity
@Table(name = "device_session")
public class DeviceSession extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "account_id")
    public UUID accountId;

    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "auth_method")
    public String authMethod;

    @Column(name = "client_ip")
    public String clientIp;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "ip_city")
    public String ipCity;

    @Column(name = "ip_region")
    public String ipRegion;

    @Column(name = "ip_country")
    public String ipCountry;

    @Column(name = "ip_lat")
    public Double ipLat;

    @Column(name = "ip_lon")
    public Double ipLon;

    @Column(name = "ip_source")
    public String ipSource;

    @Column(name = "ip_no_location_reason")
    public String ipNoLocationReason;

    @Column(name = "reported_lat")
    public Double reportedLat;

    @Column(name = "reported_lon")
    public Double reportedLon;

    @Column(name = "reported_accuracy_m")
    public Double reportedAccuracyMeters;

    @Column(name = "device_name")
    public String deviceName;

    @Column(name = "device_model")
    public String deviceModel;

    @Column(name = "device_os")
    public String deviceOs;

    @Column(name = "device_app_version")
    public String deviceAppVersion;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "last_seen_ip")
    public String lastSeenIp;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_reason")
    public String revokedReason;

    @Column(name = "revoked_by")
    public String revokedBy;
    /** The support case under which an agent revoked it (revokedBy = agent), else null. */
    @Column(name = "revoked_case_id")
    public UUID revokedCaseId;

    @Column(name = "revocation_seq")
    public Long revocationSeq;

    public boolean isActive(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    public String status(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        return now.isBefore(expiresAt) ? "active" : "expired";
    }

    public static List<DeviceSession> listOwn(UUID accountId) {
        return list("accountId = ?1 order by createdAt desc", accountId);
    }

    public static List<DeviceSession> listActive(UUID accountId, Instant now) {
        return list("accountId = ?1 and revokedAt is null and expiresAt > ?2", accountId, now);
    }
}
