package io.photosync.account.rest;

import io.photosync.account.config.AccountConfig;
import io.photosync.common.dpop.JdbcJtiReplayStore;
import io.photosync.common.problem.Problem;
import io.photosync.common.problem.ProblemException;
import io.photosync.common.source.SourceAuthException;
import io.photosync.common.source.SourceToken;
import io.photosync.common.source.SourceTokenVerifier;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates calls to the support API: a Source token ({@code io.photosync.common.source}) made by
 * audit-service's configured key for this service, over the exact body, used once across replicas (the
 * shared {@code dpop_jti} table). Built at start, so a key that is not a public P-256 JWK stops the start.
 */
@Startup
@ApplicationScoped
public class SupportAuthentication {
    /** The only caller: the token's {@code iss} and {@code kid}. */
    public static final String CALLER = "audit-service";
    /** The token's {@code aud}: a token made for the log (aud audit-service) is no good here. */
    public static final String AUDIENCE = "account-service";
    /** As audit-service allows its sources. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    @Inject
    AccountConfig config;

    @Inject
    JdbcJtiReplayStore jtiStore;

    private Optional<SourceTokenVerifier> verifier;

    @PostConstruct
    void init() {
        verifier = config.support()
                .auditPublicKey()
                .map(key -> new SourceTokenVerifier(
                        AUDIENCE, Map.of(CALLER, key), jtiStore, CLOCK_SKEW, Clock.systemUTC()));
    }

    /**
     * Refuses with 503 when no key is configured (nothing could be authenticated: a configuration matter, not
     * the caller's fault), with 401 when the token is not audit-service's for this body.
     */
    void verify(String authorization, byte[] body) {
        SourceTokenVerifier tokens = verifier.orElseThrow(() -> new ProblemException(
                503,
                "support-not-configured",
                "Support API not configured",
                "account.support.audit-public-key is not set, so no support call can be authenticated"));
        try {
            tokens.verify(authorization, body);
        } catch (SourceAuthException e) {
            throw new ProblemException(
                    Problem.of(401, "source-unauthenticated", "Caller not authenticated", e.getMessage()),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, SourceToken.SCHEME));
        }
    }
}
