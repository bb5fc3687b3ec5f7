package io.photosync.audit.sequencing;

import io.photosync.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@link SubmissionRefused} over HTTP: 400 invalid, 409 conflicting ids, 503 with Retry-After not yet sequenced. */
@Provider
public class SubmissionRefusedMapper implements ExceptionMapper<SubmissionRefused> {
    @Override
    public Response toResponse(SubmissionRefused refused) {
        return switch (refused.reason()) {
            case INVALID_EVENT ->
                Problem.of(400, "bad-request", "Bad request", refused.getMessage())
                        .toResponseBuilder()
                        .build();
            case ID_CONFLICT ->
                Problem.of(409, "event-id-conflict", "Event id already logged with other content", refused.getMessage())
                        .toResponseBuilder()
                        .build();
            case NOT_YET_SEQUENCED ->
                Problem.of(503, "not-yet-sequenced", "Stored, not yet sequenced", refused.getMessage())
                        .toResponseBuilder()
                        .header("Retry-After", String.valueOf(SubmissionRefused.RETRY_AFTER.toSeconds()))
                        .build();
        };
    }
}
