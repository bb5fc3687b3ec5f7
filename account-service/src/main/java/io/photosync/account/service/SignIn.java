package io.photosync.account.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.photosync.account.config.AccountConfig;
import io.photosync.account.model.Account;
import io.photosync.account.model.Device;
import io.photosync.account.model.DeviceSession;
import io.photosync.common.dpop.DpopProof;
import io.photosync.common.outbox.OutboxWriteException;
import io.photosync.common.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Password sign-in of a device whose key the DPoP proof has shown: records the session with its
 * sign-in record, the device, alerts and events, and issues the first token pair.
 */
@ApplicationScoped
public class SignIn {
    public static final String AUTH_METHOD = "password+dpop";

    @Inject
    AccountConfig config;

    @Inject
    PasswordHasher hasher;

    @Inject
    SignInThrottle throttle;

    @Inject
    IpLocator locator;

    @Inject
    Sessions sessions;

    @Inject
    Alerts alerts;

    @Inject
    AccountEvents events;

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry metrics;

    public record DeviceInfo(String name, String model, String os, String appVersion) {}

    public record ReportedLocation(double lat, double lon, Double accuracyMeters) {}

    public TokenPair signIn(
            String login,
            String password,
            DeviceInfo device,
            ReportedLocation reported,
            DpopProof proof,
            ClientContext client) {
        String normalized = Credentials.normalizeLogin(login);
        Instant attemptedAt = Instant.now();
        Optional<Account> account = QuarkusTransaction.requiringNew().call(() -> Account.findByLogin(normalized));
        boolean knownDevice = account.isPresent()
                && QuarkusTransaction.requiringNew()
                        .call(() -> Device.count(
                                        "accountId = ?1 and deviceId = ?2 and revokedAt is null",
                                        account.get().id,
                                        proof.jkt())
                                > 0);
        try {
            throttle.admit(normalized, client.ip(), knownDevice, attemptedAt);
        } catch (ProblemException throttled) {
            metrics.counter("account.sign_ins", "outcome", "throttled").increment();
            throw throttled;
        }
        boolean passwordMatches = account.isPresent()
                ? hasher.verify(password, account.get().passwordHash)
                : hasher.verifyAgainstDummy(password);
        if (!passwordMatches) {
            // Committed before answering 401: the failure is a fact for the log (the throttle counted it already).
            QuarkusTransaction.requiringNew().run(() -> {
                events.signInFailed(
                        account.map(a -> a.id).orElse(null),
                        account.isPresent() ? "wrong_password" : "unknown_login",
                        client.ip(),
                        account.isPresent() ? null : normalized,
                        attemptedAt);
            });
            metrics.counter("account.sign_ins", "outcome", "failed").increment();
            throw new ProblemException(401, "invalid-credentials", "Sign-in failed", "login or password is wrong");
        }
        // The password is known: the login's counted attempts go, even if the session below cannot be recorded.
        QuarkusTransaction.requiringNew().run(() -> throttle.clearLogin(normalized));
        IpLocation location = locator.locate(client.ip());
        TokenPair pair;
        try {
            // Fails closed: the session, device, alerts, tokens and the SIGN_IN event commit together or not at
            // all, so a sign-in whose event cannot be written is no sign-in (500 problem, no tokens).
            pair = QuarkusTransaction.requiringNew()
                    .call(() -> recordSession(account.get(), device, reported, proof, client, location, Instant.now()));
        } catch (OutboxWriteException notRecorded) {
            metrics.counter("account.sign_ins", "outcome", "not_recorded").increment();
            throw notRecorded;
        }
        metrics.counter("account.sign_ins", "outcome", "succeeded").increment();
        return pair;
    }

    private TokenPair recordSession(
            Account account,
            DeviceInfo device,
            ReportedLocation reported,
            DpopProof proof,
            ClientContext client,
            IpLocation location,
            Instant now) {
        boolean hadOtherDevices =
                ((Number) em.createNativeQuery("select count(*) from device where account_id = ?1 and device_id <> ?2")
                                        .setParameter(1, account.id)
                                        .setParameter(2, proof.jkt())
                                        .getSingleResult())
                                .longValue()
                        > 0;
        // Upsert: concurrent first sign-ins of one device must not collide. xmax = 0 marks a fresh insert.
        boolean firstSeen = (Boolean) em.createNativeQuery("""
            insert into device (account_id, device_id, public_jwk, name, model, os, app_version, first_seen_at, last_seen_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
            on conflict (account_id, device_id) do update set name = excluded.name, model = excluded.model,
                os = excluded.os, app_version = excluded.app_version, last_seen_at = excluded.last_seen_at,
                revoked_at = null, revoked_by = null, revoked_case_id = null
            returning (xmax = 0)\
            """, Boolean.class)
                .setParameter(1, account.id)
                .setParameter(2, proof.jkt())
                .setParameter(3, proof.key().toJSONString())
                .setParameter(4, device.name())
                .setParameter(5, device.model())
                .setParameter(6, device.os())
                .setParameter(7, device.appVersion())
                .setParameter(8, now)
                .getSingleResult();

        DeviceSession s = new DeviceSession();
        s.id = UUID.randomUUID();
        s.accountId = account.id;
        s.deviceId = proof.jkt();
        s.createdAt = now;
        s.authMethod = AUTH_METHOD;
        s.clientIp = client.ip();
        s.userAgent = client.userAgent();
        s.ipCity = location.city();
        s.ipRegion = location.region();
        s.ipCountry = location.country();
        s.ipLat = location.lat();
        s.ipLon = location.lon();
        s.ipSource = location.source();
        s.ipNoLocationReason = location.reason();
        if (reported != null) {
            s.reportedLat = reported.lat();
            s.reportedLon = reported.lon();
            s.reportedAccuracyMeters = reported.accuracyMeters();
        }
        s.deviceName = device.name();
        s.deviceModel = device.model();
        s.deviceOs = device.os();
        s.deviceAppVersion = device.appVersion();
        s.lastSeenAt = now;
        s.lastSeenIp = client.ip();
        s.expiresAt = now.plus(config.session().lifetime());
        s.persist();
        em.flush();

        events.signIn(s, firstSeen);
        alerts.onSignIn(s, firstSeen, hadOtherDevices);
        return sessions.issueTokens(s, now);
    }
}
