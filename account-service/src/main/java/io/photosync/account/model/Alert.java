package io.photosync.account.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {
    public static final String NEW_DEVICE_SIGN_IN = "NEW_DEVICE_SIGN_IN";
    public static final String NEW_LOCATION = "NEW_LOCATION";
    public static final String CONCURRENT_SESSIONS_FAR_APART = "CONCURRENT_SESSIONS_FAR_APART";
    public static final String REFRESH_TOKEN_REUSE = "REFRESH_TOKEN_REUSE";
    public static final String REFRESH_TOKEN_WRONG_KEY = "REFRESH_TOKEN_WRONG_KEY";

    @Id
    public UUID id;

    @Column(name = "account_id")
    public UUID accountId;

    @Column(name = "alert_type")
    public String type;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "related_session_id")
    public UUID relatedSessionId;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> details;

    public static List<Alert> listOwn(UUID accountId) {
        return list("accountId = ?1 order by createdAt desc", accountId);
    }
}
