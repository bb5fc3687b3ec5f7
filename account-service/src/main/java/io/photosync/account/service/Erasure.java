package io.photosync.account.service;

import io.photosync.account.model.Account;
import io.photosync.account.model.DeviceSession;
import io.photosync.common.outbox.OutboxWriter;
import io.photosync.common.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Erasure of an account by its owner (docs/PRIVACY.md "Erasure"). The password is asked again, so that a stolen
 * phone session alone cannot erase an account; wrong passwords are throttled like sign-ins. In one transaction:
 * every live session is revoked with reason {@value #REASON} (the revocation feed then carries the account id, which
 * is how sync-service learns of the erasure), the account's personal values are nulled or deleted here and in the
 * outbox, and {@code ACCOUNT_ERASED} is written, which tells audit-service to erase its own copies.
 */
@ApplicationScoped
public class Erasure {
    public static final String REASON = "account_erased";

    @Inject
    PasswordHasher hasher;

    @Inject
    SignInThrottle throttle;

    @Inject
    Sessions sessions;

    @Inject
    AccountEvents events;

    @Inject
    OutboxWriter outbox;

    @Inject
    EntityManager em;

    /**
     * Erases the account of {@code caller}; 403 for a wrong password.
     *
     * @return false when the session ended (or the account was erased) meanwhile: nothing was done
     */
    public boolean erase(DeviceSession caller, String password, ClientContext client) {
        Account account = QuarkusTransaction.requiringNew().call(() -> Account.<Account>findById(caller.accountId));
        if (account == null || account.erasedAt != null) {
            return false;
        }
        throttle.admit(account.login, client.ip(), true, Instant.now());
        if (!hasher.verify(password, account.passwordHash)) {
            throw new ProblemException(
                    403, "wrong-password", "Password is wrong", "erasing the account needs the account's password");
        }
        return QuarkusTransaction.requiringNew().call(() -> eraseNow(caller.accountId, caller.id, Instant.now()));
    }

    private boolean eraseNow(UUID accountId, UUID callerSessionId, Instant now) {
        Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        DeviceSession caller = em.find(DeviceSession.class, callerSessionId, LockModeType.PESSIMISTIC_WRITE);
        if (account.erasedAt != null || !caller.isActive(now)) {
            return false;
        }
        // Expired sessions need no revocation (their tokens are dead); the feed carries only the live ones.
        List<DeviceSession> live =
                DeviceSession.list("accountId = ?1 and revokedAt is null and expiresAt > ?2", accountId, now);
        for (DeviceSession s : live) {
            sessions.revoke(s, REASON, Sessions.BY_USER, null, now);
        }
        em.flush();
        em.createNativeQuery("delete from sign_in_failure where login = ?1")
                .setParameter(1, account.login)
                .executeUpdate();
        em.createNativeQuery(
                        "delete from refresh_token where session_id in (select id from device_session where account_id"
                                + " = ?1)")
                .setParameter(1, accountId)
                .executeUpdate();
        // An alert's details are texts about sign-ins (places, device names): the alert goes with them.
        em.createNativeQuery("delete from alert where account_id = ?1")
                .setParameter(1, accountId)
                .executeUpdate();
        em.createNativeQuery(
                        "update device set name = null, model = null, os = null, app_version = null where account_id ="
                                + " ?1")
                .setParameter(1, accountId)
                .executeUpdate();
        em.createNativeQuery("""
            update device_session set client_ip = null, user_agent = null, ip_city = null, ip_region = null,
                ip_country = null, ip_lat = null, ip_lon = null, ip_source = null, ip_no_location_reason = null,
                reported_lat = null, reported_lon = null, reported_accuracy_m = null, device_name = null,
                device_model = null, device_os = null, device_app_version = null, last_seen_ip = null
            where account_id = ?1\
            """).setParameter(1, accountId).executeUpdate();
        em.createNativeQuery(
                        "update account set login = null, password_hash = null, display_name = null, erased_at = ?2"
                                + " where id = ?1")
                .setParameter(1, accountId)
                .setParameter(2, now)
                .executeUpdate();
        em.flush();
        outbox.erasePersonal(accountId);
        events.accountErased(accountId, now);
        return true;
    }
}
