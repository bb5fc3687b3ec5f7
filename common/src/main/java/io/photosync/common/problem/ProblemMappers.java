package io.photosync.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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

    private static Response malformedJson(JsonProcessingException e) {
        return Problem.of(400, "malformed-json", "Malformed JSON", e.getOriginalMessage()).toResponseBuilder().build();
    }
}
