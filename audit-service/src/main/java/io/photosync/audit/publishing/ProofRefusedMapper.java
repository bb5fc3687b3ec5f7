package io.photosync.audit.publishing;

import io.photosync.common.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@link ProofRefused} over HTTP: 400 out of range, 404 not stored, 503 before the first checkpoint. */
@Provider
public class ProofRefusedMapper implements ExceptionMapper<ProofRefused> {
    @Override
    public Response toResponse(ProofRefused refused) {
        ProblemException problem = switch (refused.reason()) {
            case OUT_OF_RANGE -> ProblemException.badRequest(refused.getMessage());
            case NOT_FOUND -> ProblemException.notFound(refused.getMessage());
            case NO_CHECKPOINT -> new ProblemException(503, "no-checkpoint", "No checkpoint yet", refused.getMessage());
        };
        return problem.toResponse();
    }
}
