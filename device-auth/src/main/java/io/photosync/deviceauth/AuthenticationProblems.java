package io.photosync.deviceauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.photosync.common.dpop.DpopException;
import io.photosync.common.dpop.DpopRefusals;
import io.photosync.common.dpop.DpopVerifier;
import io.photosync.common.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;

/**
 * quarkus-oidc refuses bad tokens and proofs at the HTTP layer, before any JAX-RS mapper runs;
 * this gives those refusals the same problem body and DPoP challenge as every other 401 here.
 * Device requests without a DPoP authorization at all (none, or a bound token used as Bearer)
 * are refused the same way before authentication is even attempted, and so is a proof that is not
 * even of the right form (not a compact JWS of JSON objects, {@code alg} other than ES256, no public
 * P-256 {@code jwk}): quarkus-oidc answers some of those with a 500 (a NullPointerException in its
 * DPoP handling), so it never gets to see them. On device paths quarkus-oidc checks the access token only
 * ({@link DeviceTokenMechanism}; the proof is {@link DeviceProofFilter}'s); when it refuses the token, the proof is
 * checked too, without state (signature, {@code htm}, {@code htu}, {@code ath}), so that a request whose proof is bad
 * as well is answered {@code invalid_dpop_proof}, as a bad proof is everywhere, and otherwise {@code invalid_token}.
 */
@ApplicationScoped
public class AuthenticationProblems {
    /** The detail of a refused access token, also of one whose proof is by another key than the token's. */
    static final String TOKEN_REFUSED =
            "the access token was refused (signature, issuer, audience, expiry or key binding)";

    @Inject
    ObjectMapper objectMapper;

    @Inject
    DeviceAuthConfig config;

    @Inject
    Instance<MeterRegistry> metrics;

    void install(@Observes Router router) {
        config.paths()
                .forEach(prefix -> router.route(prefix + "*")
                        .order(Integer.MIN_VALUE)
                        .handler(context -> {
                            String authorization = context.request().getHeader("Authorization");
                            String detail = "a DPoP-bound access token is required (Authorization: DPoP)";
                            if (authorization == null) {
                                // RFC 6750 section 3.1: no error code when the request carried no credentials at all.
                                refuse(context, DpopRefusals.tokenProblem(detail), DpopRefusals.BARE_CHALLENGE);
                            } else if (!authorization.regionMatches(true, 0, "DPoP ", 0, 5)) {
                                refuse(context, DpopRefusals.tokenProblem(detail), DpopRefusals.tokenChallenge(detail));
                            } else {
                                try {
                                    List<String> proofs =
                                            context.request().headers().getAll("DPoP");
                                    if (proofs.size() > 1) {
                                        throw DpopException.invalid("exactly one DPoP proof is expected");
                                    }
                                    DpopVerifier.checkForm(proofs.isEmpty() ? null : proofs.get(0));
                                } catch (DpopException e) {
                                    refuseProof(context, e);
                                    return;
                                }
                                context.next();
                            }
                        }));
        router.route().failureHandler(context -> {
            Throwable failure = context.failure();
            if (context.response().ended()
                    || !(failure instanceof AuthenticationFailedException
                            || failure instanceof UnauthorizedException)) {
                context.next();
                return;
            }
            DpopException proofProblem = proofProblem(context);
            if (proofProblem != null) {
                refuseProof(context, proofProblem);
                return;
            }
            refuse(context, DpopRefusals.tokenProblem(TOKEN_REFUSED), DpopRefusals.tokenChallenge(TOKEN_REFUSED));
        });
    }

    /** What is wrong with the request's proof on its own, or null when it looks right. */
    private static DpopException proofProblem(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        String token = authorization != null && authorization.regionMatches(true, 0, "DPoP ", 0, 5)
                ? authorization.substring(5).strip()
                : null;
        try {
            DpopVerifier.check(
                    context.request().getHeader("DPoP"),
                    context.request().method().name(),
                    URI.create(context.request().absoluteURI()),
                    token,
                    null);
            return null;
        } catch (DpopException e) {
            return e;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void refuseProof(RoutingContext context, DpopException e) {
        metrics.get().counter("device_auth.dpop_refusals", "error", e.error()).increment();
        refuse(context, DpopRefusals.proofProblem(e), e.challenge());
    }

    private void refuse(RoutingContext context, Problem problem, String challenge) {
        try {
            String body = objectMapper.writeValueAsString(problem);
            context.response()
                    .setStatusCode(401)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("WWW-Authenticate", challenge)
                    .end(body);
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
