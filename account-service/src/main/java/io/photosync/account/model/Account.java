package io.photosync.account.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {
    @Id
    public UUID id;

    public String login;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "created_at")
    public Instant createdAt;
    /** When the owner erased the account (its personal values are null since), else null. */
    @Column(name = "erased_at")
    public Instant erasedAt;

    public static Optional<Account> findByLogin(String login) {
        return find("login", login).firstResultOptional();
    }
}
