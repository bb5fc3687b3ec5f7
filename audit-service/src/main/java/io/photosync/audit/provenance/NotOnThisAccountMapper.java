package io.photosync.audit.provenance;

import io.photosync.common.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@link NotOnThisAccount} over HTTP: 404, as for a thing that does not exist. */
@Provider
public class NotOnThisAccountMapper implements ExceptionMapper<NotOnThisAccount> {
    @Override
    public Response toResponse(NotOnThisAccount e) {
        return ProblemException.notFound(e.getMessage()).toResponse();
    }
}
