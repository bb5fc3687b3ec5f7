package io.photosync.account.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.photosync.account.config.AccountConfig;
import io.photosync.account.model.Device;
import io.photosync.account.model.DeviceSession;
import io.photosync.account.model.RefreshToken;
import io.photosync.common.dpop.DpopProof;
import io.photosync.common.jdbc.DatabaseException;
import io.photosync.common.problem.Problem;
import io.photosync.common.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Session life after sign-in: refresh, revocation (by the user, by a support agent under a case, by device,
 * by the system), the revocation feed.
 */
@ApplicationScoped
public class Sessions {
    /** Serialises revocations so that revocation_seq order is commit order, and the feed never skips one. */
    private static final long REVOCATION_LOCK = 0x5265766f6b65L;

    /**
     * {@link #rotate}: locks the session if the token is its, it is active and the proof key is its own (for no key
     * update, as the revocations' locking reads and the last-seen update need), then spends the token if unspent, and
     * only then stores the next token and records the session as seen; the session's columns come back only when the
     * token was spent.
     */
    private static final String ROTATE = """
        with s as (
            select id, account_id, device_id, expires_at from device_session
            where id = (select session_id from refresh_token where token_hash = ?)
                and device_id = ? and revoked_at is null and expires_at > ?
            for no key update),
        t as (
            update refresh_token set spent_at = ?
            where token_hash = ? and spent_at is null and session_id = (select id from s)
            returning session_id),
        stored as (
            insert into refresh_token (token_hash, session_id, issued_at) select ?, session_id, ?::timestamptz from t),
        seen as (
            update device_session set last_seen_at = ?, last_seen_ip = ?
            where id = (select session_id from t))
        select s.id, s.account_id, s.device_id, s.expires_at from s join t on t.session_id = s.id\
        """;

    public static final String BY_USER = "user";
    public static final String BY_SYSTEM = "system";
    public static final String BY_AGENT = "agent";

    @Inject
    AccountConfig config;

    @Inject
    AccessTokens accessTokens;

    @Inject
    AccountEvents events;

    @Inject
    Alerts alerts;

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry metrics;

    private enum RefreshOutcome {
        UNKNOWN,
        OTHER_KEY,
        INACTIVE,
        REUSED,
        REFRESHED
    }

    /**
     * Issues a refresh token and an access token for the session; inside the caller's transaction. The access
     * token never outlives the session: it expires after its lifetime or at the session's end, whichever is first.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public TokenPair issueTokens(DeviceSession session, Instant now) {
        String refreshToken = RefreshTokens.newToken();
        RefreshToken row = new RefreshToken();
        row.tokenHash = RefreshTokens.hash(refreshToken);
        row.sessionId = session.id;
        row.issuedAt = now;
        row.persist();
        return tokenPair(session, refreshToken, now);
    }

    /** The pair of a refresh token already stored and a new access token. */
    private TokenPair tokenPair(DeviceSession session, String refreshToken, Instant now) {
        Instant lifetimeEnd = now.plus(config.accessToken().lifetime());
        Instant expiresAt = session.expiresAt.isBefore(lifetimeEnd) ? session.expiresAt : lifetimeEnd;
        return new TokenPair(
                accessTokens.issue(session, now, expiresAt),
                Duration.between(now, expiresAt).toSeconds(),
                refreshToken,
                session.id,
                session.deviceId);
    }

    /**
     * Exchanges a refresh token for a new pair. The token is single use: presenting a spent one (with
     * the session's key) revokes the session and raises REFRESH_TOKEN_REUSE; that is committed even
     * though the answer is 401. A token shown with another key than the session's is refused, and
     * recorded (REFRESH_TOKEN_WRONG_KEY event and alert, once per session per {@code account.alerts.wrong-key-window})
     * without touching the session or the token.
     *
     * @param spendProof records the proof's {@code jti} in the refresh's transaction, first; throws when the proof was
     *     used before
     */
    public TokenPair refresh(String refreshToken, DpopProof proof, Runnable spendProof, ClientContext client) {
        String hash = RefreshTokens.hash(refreshToken);
        Instant now = Instant.now();
        TokenPair[] issued = new TokenPair[1];
        RefreshOutcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            spendProof.run();
            if (hash == null) {
                return RefreshOutcome.UNKNOWN;
            }
            String next = RefreshTokens.newToken();
            DeviceSession rotated = rotate(hash, next, proof.jkt(), client.ip(), now);
            if (rotated != null) {
                events.tokenRefreshed(rotated, client.ip(), now);
                issued[0] = tokenPair(rotated, next, now);
                return RefreshOutcome.REFRESHED;
            }
            return refreshRefused(hash, proof, client, now);
        });
        return switch (outcome) {
            case REFRESHED -> issued[0];
            case REUSED -> throw invalidGrant("refresh token was already used; the session has been signed out");
            case OTHER_KEY -> throw invalidGrant("refresh token is bound to another device key");
            case INACTIVE -> throw invalidGrant("the session has been signed out or has expired");
            case UNKNOWN -> throw invalidGrant("unknown refresh token");
        };
    }

    /**
     * The refresh of an unspent token of an active session shown with the session's key, in one statement: locks the
     * session (as the revocations do), spends the token, stores {@code next} in its place and records the session as
     * seen. Null when the token is not such a one, having changed nothing; {@link #refreshRefused} then tells why.
     *
     * @return a detached copy of the session with the columns the new access token and the event need
     */
    private DeviceSession rotate(String hash, String next, String jkt, String ip, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(ROTATE)) {
            Timestamp at = Timestamp.from(now);
            ps.setString(1, hash);
            ps.setString(2, jkt);
            ps.setTimestamp(3, at);
            ps.setTimestamp(4, at);
            ps.setString(5, hash);
            ps.setString(6, RefreshTokens.hash(next));
            ps.setTimestamp(7, at);
            ps.setTimestamp(8, at);
            ps.setString(9, ip);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                DeviceSession session = new DeviceSession();
                session.id = rs.getObject(1, UUID.class);
                session.accountId = rs.getObject(2, UUID.class);
                session.deviceId = rs.getString(3);
                session.expiresAt = rs.getTimestamp(4).toInstant();
                return session;
            }
        } catch (SQLException e) {
            throw new DatabaseException("rotate a refresh token", e);
        }
    }

    /**
     * Why the refresh token cannot be exchanged, {@link #rotate} having found it unknown, spent, of an inactive session
     * or shown with another key (none of which a concurrent transaction can undo); records what a refused attempt must
     * record. Locks the session before the token, like {@link #rotate}.
     */
    private RefreshOutcome refreshRefused(String hash, DpopProof proof, ClientContext client, Instant now) {
        RefreshToken token = em.find(RefreshToken.class, hash);
        if (token == null) {
            return RefreshOutcome.UNKNOWN;
        }
        DeviceSession session = em.find(DeviceSession.class, token.sessionId, LockModeType.PESSIMISTIC_WRITE);
        em.refresh(token, LockModeType.PESSIMISTIC_WRITE);
        if (!session.deviceId.equals(proof.jkt())) {
            // The session row is locked: parallel replays see each other's alert, so one per window at
            // most.
            boolean first = !alerts.wrongKeyAlertedSince(
                    session, now.minus(config.alerts().wrongKeyWindow()));
            if (first) {
                events.refreshTokenWrongKey(session, proof.jkt(), client.ip(), now);
                alerts.onRefreshTokenWrongKey(session, proof.jkt(), client.ip(), now);
            }
            metrics.counter("account.refresh_wrong_key", "recorded", String.valueOf(first))
                    .increment();
            return RefreshOutcome.OTHER_KEY;
        }
        if (!session.isActive(now)) {
            return RefreshOutcome.INACTIVE;
        }
        if (token.spentAt == null) {
            throw new IllegalStateException("rotate found no unspent token that refreshRefused finds");
        }
        events.refreshTokenReuse(session, client.ip(), now);
        revoke(session, "refresh_token_reuse", BY_SYSTEM, null, now);
        alerts.onRefreshTokenReuse(session, client.ip(), now);
        return RefreshOutcome.REUSED;
    }

    /**
     * Revokes the session (once); inside the caller's transaction, which must commit promptly.
     *
     * @param caseId the support case an agent acts under, else null
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revoke(DeviceSession session, String reason, String by, UUID caseId, Instant now) {
        if (session.revokedAt != null) {
            return;
        }
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) l")
                .setParameter(1, REVOCATION_LOCK)
                .getSingleResult();
        session.revocationSeq = ((Number)
                        em.createNativeQuery("select nextval('revocation_seq')").getSingleResult())
                .longValue();
        session.revokedAt = now;
        session.revokedReason = reason;
        session.revokedBy = by;
        session.revokedCaseId = caseId;
        events.sessionRevoked(session);
    }

    /** The user signs a session of theirs out; 404 when it is not theirs. */
    public void revokeOwnSession(UUID accountId, UUID sessionId) {
        revokeSession(accountId, sessionId, "signed_out_by_user", BY_USER, null);
    }

    /**
     * A support agent signs a session out on the owner's behalf, under a case (docs/SUPPORT.md); 404 when it is not the
     * account's.
     */
    public void revokeSessionForCase(UUID accountId, UUID sessionId, UUID caseId) {
        revokeSession(accountId, sessionId, "signed_out_by_agent", BY_AGENT, caseId);
    }

    /** The user revokes a device: all its sessions end. 404 when the account never had it. */
    public void revokeOwnDevice(UUID accountId, String deviceId) {
        revokeDevice(accountId, deviceId, BY_USER, null);
    }

    /**
     * A support agent revokes a device on the owner's behalf, under a case: all its sessions end. 404 when the account
     * never had it.
     */
    public void revokeDeviceForCase(UUID accountId, String deviceId, UUID caseId) {
        revokeDevice(accountId, deviceId, BY_AGENT, caseId);
    }

    private void revokeSession(UUID accountId, UUID sessionId, String reason, String by, UUID caseId) {
        boolean found = QuarkusTransaction.requiringNew().call(() -> {
            DeviceSession session = em.find(DeviceSession.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
            if (session == null || !session.accountId.equals(accountId)) {
                return false;
            }
            revoke(session, reason, by, caseId, Instant.now());
            return true;
        });
        if (!found) {
            throw ProblemException.notFound("no such session on this account");
        }
    }

    private void revokeDevice(UUID accountId, String deviceId, String by, UUID caseId) {
        boolean found = QuarkusTransaction.requiringNew().call(() -> {
            Optional<Device> device = Device.find("accountId = ?1 and deviceId = ?2", accountId, deviceId)
                    .withLock(LockModeType.PESSIMISTIC_WRITE)
                    .firstResultOptional();
            if (device.isEmpty()) {
                return false;
            }
            Instant now = Instant.now();
            if (device.get().revokedAt == null) {
                device.get().revokedAt = now;
                device.get().revokedBy = by;
                device.get().revokedCaseId = caseId;
                events.deviceRevoked(device.get());
            }
            List<DeviceSession> sessions =
                    DeviceSession.list("accountId = ?1 and deviceId = ?2 and revokedAt is null", accountId, deviceId);
            for (DeviceSession s : sessions) {
                revoke(s, "device_revoked", by, caseId, now);
            }
            return true;
        });
        if (!found) {
            throw ProblemException.notFound("no such device on this account");
        }
    }

    /**
     * The session behind a checked access token, if it is still active; records it as seen now from {@code ip}.
     */
    public Optional<DeviceSession> touchActive(UUID sessionId, UUID accountId, String deviceId, String ip) {
        Instant now = Instant.now();
        return QuarkusTransaction.requiringNew().call(() -> {
            DeviceSession session = em.find(DeviceSession.class, sessionId);
            if (session == null
                    || !session.accountId.equals(accountId)
                    || !session.deviceId.equals(deviceId)
                    || !session.isActive(now)) {
                return Optional.empty();
            }
            session.lastSeenAt = now;
            session.lastSeenIp = ip;
            Device.update("lastSeenAt = ?1 where accountId = ?2 and deviceId = ?3", now, accountId, deviceId);
            return Optional.of(session);
        });
    }

    /** @param erasedAccountId the account, when the session ended because its owner erased it (else null) */
    public record Revocation(UUID sessionId, Instant revokedAt, long seq, UUID erasedAccountId) {}

    /**
     * Revocations after {@code since} in revocation order; without a cursor, those recent enough that
     * the session's access tokens may still be alive, and every erasure's (a poller that starts, sync-service
     * after a deploy, must still learn of erasures it missed while down; erasing again is harmless).
     */
    public List<Revocation> revocations(Long since, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<DeviceSession> rows = since != null
                    ? DeviceSession.find("revocationSeq > ?1 order by revocationSeq", since)
                            .page(0, limit)
                            .list()
                    : DeviceSession.find(
                                    "revokedAt > ?1 or revokedReason = ?2 order by revocationSeq",
                                    Instant.now()
                                            .minus(config.accessToken().lifetime())
                                            .minus(config.revocations().margin()),
                                    Erasure.REASON)
                            .page(0, limit)
                            .list();
            return rows.stream()
                    .map(s -> new Revocation(
                            s.id,
                            s.revokedAt,
                            s.revocationSeq,
                            Erasure.REASON.equals(s.revokedReason) ? s.accountId : null))
                    .toList();
        });
    }

    /** The highest revocation sequence number so far (0 when none). */
    public long lastRevocationSeq() {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number)
                                em.createNativeQuery("select coalesce(max(revocation_seq), 0) from device_session")
                                        .getSingleResult())
                        .longValue());
    }

    private static ProblemException invalidGrant(String detail) {
        return new ProblemException(Problem.of(401, "invalid-grant", "Refresh refused", detail), Map.of());
    }
}
