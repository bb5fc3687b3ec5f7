package io.photosync.deviceauth;

import io.micrometer.core.instrument.MeterRegistry;
import io.photosync.common.dpop.DpopException;
import io.photosync.common.dpop.DpopProof;
import io.photosync.common.dpop.DpopRefusals;
import io.photosync.common.dpop.DpopVerifier;
import io.photosync.common.problem.Problem;
import io.photosync.common.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Priorities;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Runs after {@link DeviceTokenMechanism} has had quarkus-oidc verify the access token (signature, issuer, audience,
 * expiry), and verifies the DPoP proof, once, with common's {@link DpopVerifier} (RFC 9449 section 4.3): its form and
 * signature by its {@code jwk}, {@code htm}, {@code htu}, {@code ath}, its key against the token's {@code cnf.jkt},
 * then, after refusing revoked sessions, the {@code iat} window and single use of {@code jti} across replicas. Then
 * establishes the {@link Caller} from the token and proof alone.
 */
public class DeviceProofFilter {

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;
    // Looked up per request: filters are created at static init, before runtime configuration exists.
    @Inject
    Instance<DpopVerifier> verifier;

    @Inject
    RevokedSessions revokedSessions;

    @Inject
    CurrentCaller currentCaller;

    @Inject
    Instance<MeterRegistry> metrics;

    @Inject
    Instance<DeviceAuthConfig> config;

    // Runs on the worker thread of the (blocking) endpoints, checked: the jti store is a database insert.
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 10)
    public void verifyDevice(RoutingContext routing) {
        if (!config.get().covers(routing.normalizedPath())) {
            return;
        }
        if (identity.isAnonymous() || token.getRawToken() == null) {
            throw invalidToken("a DPoP-bound access token is required");
        }
        // The proof's own checks come first, as when quarkus-oidc made them before this filter: a bad proof is
        // invalid_dpop_proof whatever else is wrong.
        DpopVerifier dpop = verifier.get();
        DpopVerifier.Checked checked = refusingProof(() -> DpopVerifier.check(
                routing.request().getHeader("DPoP"),
                routing.request().method().name(),
                URI.create(routing.request().absoluteURI()),
                token.getRawToken(),
                null));
        UUID accountId = uuidClaim(token.getSubject(), "sub");
        UUID sessionId = uuidClaim(token.getClaim("sid"), "sid");
        String deviceId = stringClaim(token.getClaim("did"));
        String boundKey = confirmationThumbprint(token.getClaim("cnf"));
        if (deviceId == null || boundKey == null || !deviceId.equals(boundKey)) {
            throw invalidToken("token is not bound to its device key");
        }
        if (!boundKey.equals(checked.jkt())) {
            // A proof by another key than the token's: refused as the token, as quarkus-oidc's key binding check did.
            throw invalidToken(AuthenticationProblems.TOKEN_REFUSED);
        }
        if (!revokedSessions.isFresh()) {
            throw new ProblemException(
                    Problem.of(
                            503,
                            "revocations-unknown",
                            "Service unavailable",
                            "cannot confirm that the session is still valid; retry shortly"),
                    Map.of("Retry-After", "1"));
        }
        if (revokedSessions.isRevoked(sessionId)) {
            metrics.get().counter("device_auth.revoked_session_refusals").increment();
            throw invalidToken("the session has been revoked");
        }
        DpopProof proof = refusingProof(() -> dpop.spend(checked));
        currentCaller.set(new Caller(
                accountId,
                proof.jkt(),
                sessionId,
                routing.request().remoteAddress().hostAddress()));
    }

    private interface ProofCheck<T> {
        T run() throws DpopException;
    }

    /** The check's result, or its refusal as the 401 {@code invalid_dpop_proof} problem. */
    private <T> T refusingProof(ProofCheck<T> check) {
        try {
            return check.run();
        } catch (DpopException e) {
            metrics.get()
                    .counter("device_auth.dpop_refusals", "error", e.error())
                    .increment();
            throw new ProblemException(DpopRefusals.proofProblem(e), Map.of("WWW-Authenticate", e.challenge()));
        }
    }

    static ProblemException invalidToken(String detail) {
        return new ProblemException(
                DpopRefusals.tokenProblem(detail), Map.of("WWW-Authenticate", DpopRefusals.tokenChallenge(detail)));
    }

    private static UUID uuidClaim(Object value, String name) {
        String text = stringClaim(value);
        try {
            if (text != null) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw invalidToken("claim " + name + " missing or not a UUID");
    }

    private static String stringClaim(Object value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value instanceof String s ? s : null;
    }

    private static String confirmationThumbprint(Object cnf) {
        if (cnf instanceof JsonObject object && object.get("jkt") instanceof JsonValue jkt) {
            return stringClaim(jkt);
        }
        if (cnf instanceof Map<?, ?> map) {
            return stringClaim(map.get("jkt"));
        }
        return null;
    }
}
