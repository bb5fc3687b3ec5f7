package io.photosync.common.problem;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Thrown anywhere in request handling to answer with a problem response (and optional headers). */
public class ProblemException extends RuntimeException {
    private final Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public ProblemException(int status, String kind, String title, String detail) {
        this(Problem.of(status, kind, title, detail), Map.of());
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail);
    }

    public static ProblemException forbidden(String kind, String detail) {
        return new ProblemException(403, kind, "Forbidden", detail);
    }

    public static ProblemException conflict(String kind, String detail) {
        return new ProblemException(409, kind, "Conflict", detail);
    }

    public Problem problem() {
        return problem;
    }

    public Response toResponse() {
        Response.ResponseBuilder builder = problem.toResponseBuilder();
        headers.forEach(builder::header);
        return builder.build();
    }
}
