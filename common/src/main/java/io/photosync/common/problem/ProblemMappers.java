package io.photosync.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.photosync.common.outbox.OutboxWriteException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Turns every refusal into {@code application/problem+json}, so clients see one error shape. */
public final class ProblemMappers {
    private ProblemMappers() {
    }

    @Provider
    public static class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return e.toResponse();
        }
    }

    /** JAX-RS's own refusals (404 unknown path, 405, 406, 415, ...). */
    @Provider
    public static class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            int status = original.getStatus();
            Response.StatusType info = Response.Status.fromStatusCode(status);
            String title = info != null ? info.getReasonPhrase() : "HTTP " + status;
            Response.ResponseBuilder builder = Problem.of(status, title.toLowerCase().replace(' ', '-'), title,
                    e.getMessage() != null ? e.getMessage() : title).toResponseBuilder();
            original.getStringHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    values.forEach(v -> builder.header(name, v));
                }
            });
            return builder.build();
        }
    }

    /** Malformed JSON or JSON of the wrong shape. */
    @Provider
    public static class JsonProblemMapper implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            return malformedJson(e);
        }
    }

    /** JSON of the wrong shape (an array for an object, a string for a number): overrides Quarkus's built-in empty 400. */
    @Provider
    public static class MismatchedInputProblemMapper implements ExceptionMapper<MismatchedInputException> {
        @Override
        public Response toResponse(MismatchedInputException e) {
            return malformedJson(e);
        }
    }

    /**
     * A fact whose log event could not be written: its transaction is rolled back, so nothing of the request
     * happened (no session, no tokens, no upload). A server fault, never the client's: 500. The cause is
     * logged by the outbox writer and not repeated to the client.
     */
    @Provider
    public static class OutboxWriteProblemMapper implements ExceptionMapper<OutboxWriteException> {
        @Override
        public Response toResponse(OutboxWriteException e) {
            return Problem.of(500, "event-not-recorded", "Not recorded",
                    "the evidence of this request could not be recorded, so nothing of it was done; try again later")
                    .toResponseBuilder().build();
        }
    }

    private static Response malformedJson(JsonProcessingException e) {
        return Problem.of(400, "malformed-json", "Malformed JSON", e.getOriginalMessage()).toResponseBuilder().build();
    }
}
