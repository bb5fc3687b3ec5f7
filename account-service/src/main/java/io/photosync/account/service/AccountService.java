package io.photosync.account.service;

import io.photosync.common.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class AccountService {
    @Inject
    PasswordHasher hasher;

    @Inject
    AccountEvents events;

    @Inject
    EntityManager em;

    /** Creates the account; 409 when the login is taken (also when two requests race for it). */
    public UUID create(String login, String password, String displayName) {
        String normalized = Credentials.normalizeLogin(login);
        Credentials.checkNewLogin(normalized);
        Credentials.checkNewPassword(password, normalized);
        if (displayName.isBlank() || displayName.length() > 100) {
            throw ProblemException.badRequest("displayName must have 1 to 100 characters");
        }
        String hash = hasher.hash(password); // outside the transaction: it is slow on purpose
        Instant now = Instant.now();
        UUID id = UUID.randomUUID();
        boolean created = QuarkusTransaction.requiringNew().call(() -> {
            int inserted = em.createNativeQuery(
                            "insert into account (id, login, password_hash, display_name, created_at) "
                                    + "values (?1, ?2, ?3, ?4, ?5) on conflict (login) do nothing")
                    .setParameter(1, id)
                    .setParameter(2, normalized)
                    .setParameter(3, hash)
                    .setParameter(4, displayName.strip())
                    .setParameter(5, now)
                    .executeUpdate();
            if (inserted == 1) {
                events.accountCreated(id, normalized, displayName.strip(), now);
            }
            return inserted == 1;
        });
        if (!created) {
            throw new ProblemException(409, "login-taken", "Login taken", "an account with this login exists");
        }
        return id;
    }
}
