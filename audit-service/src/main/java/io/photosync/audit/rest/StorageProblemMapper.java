package io.photosync.audit.rest;

import io.photosync.audit.repository.StorageException;
import io.photosync.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** A database failure is the server's, not the caller's: 503, retry later; details stay in the log. */
@Provider
public class StorageProblemMapper implements ExceptionMapper<StorageException> {
    private static final Logger LOG = Logger.getLogger(StorageProblemMapper.class);

    @Override
    public Response toResponse(StorageException e) {
        LOG.error("storage failure", e);
        return Problem.of(503, "storage-unavailable", "Storage unavailable", "the log's database failed; retry later")
                .toResponseBuilder().header("Retry-After", "1").build();
    }
}
