package io.photosync.account.service;

import io.photosync.account.config.AccountConfig;
import io.photosync.common.problem.Problem;
import io.photosync.common.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brute-force throttling in PostgreSQL, so all replicas count together: at most
 * {@code account.throttle.per-login} attempts per login and {@code per-ip} per client IP whose password
 * was not found correct, within a sliding {@code window}. Beyond that, attempts are refused with 429 and
 * {@code Retry-After} before the password is looked at. Refused attempts are not counted, so the window
 * keeps sliding.
 * <p>
 * An attempt is counted <em>before</em> its password is hashed: under a transaction-scoped advisory lock per
 * login and per address, the window is counted and, below both limits, the attempt's row is inserted and
 * committed. Parallel attempts queue on the locks, so a burst is limited exactly like a serial one. A correct
 * password then removes the login's rows ({@link #clearLogin}): successes never use up an address's budget.
 * <p>
 * A device key that has already signed in to the login (and is not revoked) is held to the per-login limit
 * only: an address shared by many people (a NAT) whose budget someone else's guessing has used up still lets
 * its members' known phones sign in, while unknown keys from it wait for the window.
 */
@ApplicationScoped
public class SignInThrottle {
    @Inject
    AccountConfig config;

    @Inject
    EntityManager em;

    /**
     * Counts one attempt for {@code login} from {@code ip}, committed before this returns; throws the 429
     * problem, counting nothing, when the login's or (for an unknown device) the address's limit is reached.
     */
    public void admit(String login, String ip, boolean knownDevice, Instant now) {
        Optional<Instant> latest = QuarkusTransaction.requiringNew().call(() -> {
            // Logins and addresses have lock spaces of their own (1, 2), and a login's lock is always taken
            // first: no two attempts can wait for each other.
            em.createNativeQuery(
                            "select 1 from (select pg_advisory_xact_lock(1, hashtext(?1)), pg_advisory_xact_lock(2,"
                                    + " hashtext(?2))) l")
                    .setParameter(1, login)
                    .setParameter(2, ip)
                    .getSingleResult();
            Instant since = now.minus(config.throttle().window());
            Optional<Instant> loginFree =
                    freeAt("login", login, config.throttle().perLogin(), since);
            Optional<Instant> ipFree = knownDevice
                    ? Optional.empty()
                    : freeAt("client_ip", ip, config.throttle().perIp(), since);
            Optional<Instant> blockedUntil = loginFree.isPresent() && ipFree.isPresent()
                    ? Optional.of(loginFree.get().isAfter(ipFree.get()) ? loginFree.get() : ipFree.get())
                    : loginFree.or(() -> ipFree);
            if (blockedUntil.isEmpty()) {
                em.createNativeQuery("insert into sign_in_failure (login, client_ip, failed_at) values (?1, ?2, ?3)")
                        .setParameter(1, login)
                        .setParameter(2, ip)
                        .setParameter(3, now)
                        .executeUpdate();
            }
            return blockedUntil;
        });
        if (latest.isPresent()) {
            long seconds = Math.max(1, Duration.between(now, latest.get()).toSeconds() + 1);
            throw new ProblemException(
                    Problem.of(
                            429,
                            "too-many-sign-in-attempts",
                            "Too many failed sign-ins",
                            "too many failed sign-ins for this login or from this address; retry in " + seconds + " s"),
                    Map.of("Retry-After", Long.toString(seconds)));
        }
    }

    /** A correct password clears the login's counted attempts, from every address. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clearLogin(String login) {
        em.createNativeQuery("delete from sign_in_failure where login = ?1")
                .setParameter(1, login)
                .executeUpdate();
    }

    @Scheduled(every = "60s", delayed = "30s")
    void forgetOldFailures() {
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("delete from sign_in_failure where failed_at <= ?1")
                        .setParameter(1, Instant.now().minus(config.throttle().window()))
                        .executeUpdate());
    }

    /** When the count for {@code column = value} drops below {@code limit}, or empty if it is below already. */
    private Optional<Instant> freeAt(String column, String value, int limit, Instant since) {
        // The limit-th most recent attempt in the window: once it leaves the window, one more attempt is allowed.
        @SuppressWarnings("unchecked")
        List<Instant> blocking = em.createNativeQuery(
                        "select failed_at from sign_in_failure where " + column
                                + " = ?1 and failed_at > ?2 order by failed_at desc offset ?3 limit 1",
                        Instant.class)
                .setParameter(1, value)
                .setParameter(2, since)
                .setParameter(3, limit - 1)
                .getResultList();
        return blocking.stream().findFirst().map(at -> at.plus(config.throttle().window()));
    }
}
