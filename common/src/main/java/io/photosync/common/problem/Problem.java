package io.photosync.common.problem;

import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem details body. {@code type} is a URN naming the kind of problem. */
public record Problem(String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String kind, String title, String detail) {
        return new Problem("urn:photosync:problem:" + kind, title, status, detail);
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }
}
