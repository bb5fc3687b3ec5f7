package io.photosync.account.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An ES256 access-token signing key: published from {@code createdAt}, signing from {@code activatesAt}. */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {
    @Id
    public String kid;

    @Column(name = "private_jwk")
    public String privateJwk;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "activates_at")
    public Instant activatesAt;
}
