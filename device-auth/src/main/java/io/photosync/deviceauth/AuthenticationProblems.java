package io.photosync.deviceauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.common.dpop.DpopException;
import io.photosync.common.dpop.DpopVerifier;
import io.photosync.common.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.List;

/**
 * quarkus-oidc refuses bad tokens and proofs at the HTTP layer, before any JAX-RS mapper runs;
 * this gives those refusals the same problem body and DPoP challenge as every other 401 here.
 * Device requests without a DPoP authorization at all (none, or a bound token used as Bearer)
 * are refused the same way before authentication is even attempted, and so are proofs of the wrong
 * form (not an ES256 JWS with a public P-256 jwk), which quarkus-oidc would answer with a 500.
 */
@ApplicationScoped
public class AuthenticationProblems {
    @Inject
    ObjectMapper objectMapper;
    @Inject
    DeviceAuthConfig config;

    void install(@Observes Router router) {
        config.paths().forEach(prefix -> router.route(prefix + "*").order(Integer.MIN_VALUE).handler(context -> {
            String authorization = context.request().getHeader("Authorization");
            String detail = "a DPoP-bound access token is required (Authorization: DPoP)";
            if (authorization == null) {
                // RFC 6750 section 3.1: no error code when the request carried no credentials at all.
                refuse(context, detail, "DPoP algs=\"ES256\"");
            } else if (!authorization.regionMatches(true, 0, "DPoP ", 0, 5)) {
                refuse(context, detail, DeviceProofFilter.challenge("invalid_token", detail));
            } else {
                checkProofForm(context);
            }
        }));
        router.route().failureHandler(context -> {
            Throwable failure = context.failure();
            if (context.response().ended()
                    || !(failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException)) {
                context.next();
                return;
            }
            String detail = "the access token or its DPoP proof was refused";
            refuse(context, detail, DeviceProofFilter.challenge("invalid_token", detail));
        });
    }

    /** A proof quarkus-oidc could not parse (alg none, another alg, no jwk…) made it answer 500 (issue 10). */
    private void checkProofForm(RoutingContext context) {
        List<String> proofs = context.request().headers().getAll("DPoP");
        try {
            if (proofs.size() != 1) {
                throw DpopException.invalid("exactly one DPoP proof is expected");
            }
            DpopVerifier.checkForm(proofs.getFirst());
        } catch (DpopException e) {
            refuse(context, e.getMessage(), DeviceProofFilter.challenge(e.error(), e.getMessage()));
            return;
        }
        context.next();
    }

    private void refuse(RoutingContext context, String detail, String challenge) {
        try {
            String body = objectMapper.writeValueAsString(Problem.of(401, "unauthorized", "Unauthorized", detail));
            context.response().setStatusCode(401)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("WWW-Authenticate", challenge)
                    .end(body);
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
