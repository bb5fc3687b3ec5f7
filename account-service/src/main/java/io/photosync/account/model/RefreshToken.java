package io.photosync.account.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A refresh token, known only by its SHA-256. Single use: {@code spentAt} is set when it is exchanged. */
@Entity
@Table(name = "refresh_token")
public class RefreshToken extends PanacheEntityBase {
    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "spent_at")
    public Instant spentAt;
}
