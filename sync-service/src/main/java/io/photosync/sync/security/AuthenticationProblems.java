package io.photosync.sync.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.common.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * quarkus-oidc refuses bad tokens and proofs at the HTTP layer, before any JAX-RS mapper runs;
 * this gives those refusals the same problem body and DPoP challenge as every other 401 here.
 */
@ApplicationScoped
public class AuthenticationProblems {
    @Inject
    ObjectMapper objectMapper;

    void install(@Observes Router router) {
        router.route().failureHandler(context -> {
            Throwable failure = context.failure();
            if (context.response().ended()
                    || !(failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException)) {
                context.next();
                return;
            }
            boolean presented = context.request().getHeader("Authorization") != null;
            String detail = presented ? "the access token or its DPoP proof was refused"
                    : "a DPoP-bound access token is required";
            String challenge = presented ? DeviceProofFilter.challenge("invalid_token", detail) : "DPoP algs=\"ES256\"";
            try {
                String body = objectMapper.writeValueAsString(Problem.of(401, "unauthorized", "Unauthorized", detail));
                context.response().setStatusCode(401)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("WWW-Authenticate", challenge)
                        .end(body);
            } catch (JsonProcessingException e) {
                context.fail(e);
            }
        });
    }
}
