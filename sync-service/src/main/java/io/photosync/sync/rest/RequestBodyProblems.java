package io.photosync.sync.rest;

import io.photosync.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * An {@link IOException} that reaches JAX-RS comes from reading the request itself, for example a
 * multipart body that ends before its closing boundary: the client's fault, not ours. (Our own
 * storage failures are wrapped in {@link java.io.UncheckedIOException}, and file-system errors are
 * {@link java.nio.file.FileSystemException}s: common's mappers answer both with a 500.) The detail is
 * ours, not the exception's message, which may name server files.
 */
public class RequestBodyProblems {

    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        return Problem.of(
                        400,
                        "malformed-body",
                        "Malformed request body",
                        "the request body could not be read completely (cut off, or a multipart body without its"
                                + " closing boundary)")
                .toResponseBuilder()
                .build();
    }
}
