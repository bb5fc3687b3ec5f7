package io.photosync.audit.sequencing;

import io.photosync.common.problem.Problem;
import io.photosync.common.problem.ProblemException;
import io.photosync.common.source.SourceToken;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** {@link SubmissionRefused} over HTTP: 401 unauthenticated, 400 invalid, 409 conflicting ids, 503 with Retry-After not yet sequenced. */
@Provider
public class SubmissionRefusedMapper implements ExceptionMapper<SubmissionRefused> {
    @Override
    public Response toResponse(SubmissionRefused refused) {
        ProblemException problem = switch (refused.reason()) {
            case UNAUTHENTICATED ->
                new ProblemException(
                        Problem.of(401, "source-unauthenticated", "Source not authenticated", refused.getMessage()),
                        Map.of(HttpHeaders.WWW_AUTHENTICATE, SourceToken.SCHEME));
            case INVALID_EVENT -> ProblemException.badRequest(refused.getMessage());
            case ID_CONFLICT ->
                new ProblemException(
                        409, "event-id-conflict", "Event id already logged with other content", refused.getMessage());
            case NOT_YET_SEQUENCED ->
                new ProblemException(
                        Problem.of(503, "not-yet-sequenced", "Stored, not yet sequenced", refused.getMessage()),
                        Map.of("Retry-After", String.valueOf(SubmissionRefused.RETRY_AFTER.toSeconds())));
        };
        return problem.toResponse();
    }
}
