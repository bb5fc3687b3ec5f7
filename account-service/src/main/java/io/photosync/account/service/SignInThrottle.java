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
 * {@code account.throttle.per-login} failed sign-ins per login and {@code per-ip} per client IP
 * within a sliding {@code window}. Beyond that, attempts are refused with 429 and {@code Retry-After}
 * before the password is looked at. Refused attempts are not counted, so the window keeps sliding.
 */
@ApplicationScoped
public class SignInThrottle {
    @Inject
    AccountConfig config;
    @Inject
    EntityManager em;

    public void check(String login, String ip, Instant now) {
        Instant since = now.minus(config.throttle().window());
        Optional<Instant> loginFree = QuarkusTransaction.requiringNew().call(() ->
                freeAt("login", login, config.throttle().perLogin(), since));
        Optional<Instant> ipFree = QuarkusTransaction.requiringNew().call(() ->
                freeAt("client_ip", ip, config.throttle().perIp(), since));
        Optional<Instant> latest = loginFree.isPresent() && ipFree.isPresent()
                ? Optional.of(loginFree.get().isAfter(ipFree.get()) ? loginFree.get() : ipFree.get())
                : loginFree.or(() -> ipFree);
        if (latest.isPresent()) {
            long seconds = Math.max(1, Duration.between(now, latest.get()).toSeconds() + 1);
            throw new ProblemException(Problem.of(429, "too-many-sign-in-attempts",
                    "Too many failed sign-ins", "too many failed sign-ins for this login or from this address; retry in "
                            + seconds + " s"), Map.of("Retry-After", Long.toString(seconds)));
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void recordFailure(String login, String ip, Instant at) {
        em.createNativeQuery("insert into sign_in_failure (login, client_ip, failed_at) values (?1, ?2, ?3)")
                .setParameter(1, login).setParameter(2, ip).setParameter(3, at).executeUpdate();
    }

    /** A successful sign-in clears the login's failures (not the address's). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clearLogin(String login) {
        em.createNativeQuery("delete from sign_in_failure where login = ?1").setParameter(1, login).executeUpdate();
    }

    @Scheduled(every = "60s", delayed = "30s")
    void forgetOldFailures() {
        QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("delete from sign_in_failure where failed_at <= ?1")
                        .setParameter(1, Instant.now().minus(config.throttle().window())).executeUpdate());
    }

    /** When the count for {@code column = value} drops below {@code limit}, or empty if it is below already. */
    private Optional<Instant> freeAt(String column, String value, int limit, Instant since) {
        // The limit-th most recent failure in the window: once it leaves the window, one more attempt is allowed.
        @SuppressWarnings("unchecked")
        List<Instant> blocking = em.createNativeQuery("select failed_at from sign_in_failure where " + column
                        + " = ?1 and failed_at > ?2 order by failed_at desc offset ?3 limit 1", Instant.class)
                .setParameter(1, value).setParameter(2, since).setParameter(3, limit - 1).getResultList();
        return blocking.stream().findFirst().map(at -> at.plus(config.throttle().window()));
    }
}
