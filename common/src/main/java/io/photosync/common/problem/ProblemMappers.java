package io.photosync.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.photosync.common.outbox.OutboxWriteException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.jboss.logging.Logger;

/** Turns every refusal into {@code application/problem+json}, so clients see one error shape. */
public final class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private ProblemMappers() {}

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
            if (e.getCause() instanceof JsonProcessingException json) {
                return malformedJson(json); // Quarkus REST wraps what its JSON reader could not parse
            }
            Response original = e.getResponse();
            int status = original.getStatus();
            Response.StatusType info = Response.Status.fromStatusCode(status);
            String title = info != null ? info.getReasonPhrase() : "HTTP " + status;
            Response.ResponseBuilder builder = Problem.of(
                            status,
                            title.toLowerCase().replace(' ', '-'),
                            title,
                            e.getMessage() != null ? e.getMessage() : title)
                    .toResponseBuilder();
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

    /**
     * JSON of the wrong shape (an array for an object, a string for a number): overrides Quarkus's built-in empty 400.
     */
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
            return Problem.of(
                            500,
                            "event-not-recorded",
                            "Not recorded",
                            "the evidence of this request could not be recorded, so nothing of it was done; try again"
                                    + " later")
                    .toResponseBuilder()
                    .build();
        }
    }

    /** Our own disk (sync-service's photo store): the server's fault, 500, without the path. */
    @Provider
    public static class UncheckedIoProblemMapper implements ExceptionMapper<UncheckedIOException> {
        @Override
        public Response toResponse(UncheckedIOException e) {
            return localStorageFailed(e);
        }
    }

    /** More specific than any {@code IOException} mapper that blames the request body, so a disk error stays a 500. */
    @Provider
    public static class FileSystemProblemMapper implements ExceptionMapper<FileSystemException> {
        @Override
        public Response toResponse(FileSystemException e) {
            return localStorageFailed(e);
        }
    }

    /**
     * Says what is wrong in the client's terms (the field, the JSON type or values expected) and nothing of ours:
     * Jackson's own messages name Java types ({@code java.util.UUID}, our record classes) and parser internals.
     */
    static String jsonDetail(JsonProcessingException e) {
        String where = e.getLocation() != null
                ? " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr()
                : "";
        if (!(e instanceof JsonMappingException mapping) || e instanceof JsonParseException) {
            return "the body is not well-formed JSON" + where;
        }
        String field = mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("");
        String subject = field.isEmpty() ? "the body" : "field `" + field + "`";
        if (mapping instanceof UnrecognizedPropertyException) {
            return "unknown " + subject;
        }
        Class<?> target = mapping instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (target != null && target.isEnum()) {
            return subject + " must be one of "
                    + java.util.Arrays.stream(target.getEnumConstants())
                            .map(Object::toString)
                            .toList();
        }
        if (target == null) {
            return subject + " does not have the expected shape";
        }
        String type = jsonTypeOf(target);
        // a string where one is due, but not one of the form asked for (an id, a time)
        return mapping instanceof InvalidFormatException && type.equals("a string")
                ? subject + " has a value of the wrong form"
                : subject + " must be " + type;
    }

    private static String jsonTypeOf(Class<?> type) {
        if (type == String.class
                || type == java.util.UUID.class
                || java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static Response localStorageFailed(Exception e) {
        LOG.errorf(e, "local storage failed");
        return LocalStorageProblems.problem().toResponseBuilder().build();
    }

    private static Response malformedJson(JsonProcessingException e) {
        return Problem.of(400, "malformed-json", "Malformed JSON", jsonDetail(e))
                .toResponseBuilder()
                .build();
    }
}
