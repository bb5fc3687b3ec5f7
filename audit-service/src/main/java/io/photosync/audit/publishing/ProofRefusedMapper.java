package io.photosync.audit.publishing;

import io.photosync.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@link ProofRefused} over HTTP: 400 out of range, 404 not stored, 503 before the first checkpoint. */
@Provider
public class ProofRefusedMapper implements ExceptionMapper<ProofRefused> {
    @Override
    public Response toResponse(ProofRefused refused) {
        Problem problem = switch (refused.reason()) {
            case OUT_OF_RANGE -> Problem.of(400, "bad-request", "Bad request", refused.getMessage());
            case NOT_FOUND -> Problem.of(404, "not-found", "Not found", refused.getMessage());
            case NO_CHECKPOINT -> Problem.of(503, "no-checkpoint", "No checkpoint yet", refused.getMessage());
        };
        return problem.toResponseBuilder().build();
    }
}
