package io.photosync.account.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A device is its key: {@code deviceId} is the key's RFC 7638 thumbprint. The rest is self-reported. */
@Entity
@Table(name = "device")
@IdClass(Device.Key.class)
public class Device extends PanacheEntityBase {
    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Id
    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "public_jwk")
    public String publicJwk;

    public String name;
    public String model;
    public String os;

    @Column(name = "app_version")
    public String appVersion;

    @Column(name = "first_seen_at")
    public Instant firstSeenAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;
    /** The support case under which an agent revoked it (revokedBy = agent), else null. */
    @Column(name = "revoked_case_id")
    public UUID revokedCaseId;

    public record Key(UUID accountId, String deviceId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    public static List<Device> listOwn(UUID accountId) {
        return list("accountId = ?1 order by firstSeenAt", accountId);
    }
}
