package io.photosync.common.problem;

import io.photosync.common.jdbc.DatabaseException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Every service answers its own database failing the same way: 503 with {@code Retry-After}, the details in the
 * server's log only (they may name tables or values).
 */
@Provider
public class DatabaseProblemMapper implements ExceptionMapper<DatabaseException> {
    private static final Logger LOG = Logger.getLogger(DatabaseProblemMapper.class);

    @Override
    public Response toResponse(DatabaseException e) {
        LOG.error("database failure", e);
        return unavailable();
    }

    /** The answer for a database failure, also for persistence layers that throw their own exception types. */
    public static Response unavailable() {
        return Problem.of(
                        503,
                        "database-unavailable",
                        "Database unavailable",
                        "the service's database failed; retry later")
                .toResponseBuilder()
                .header("Retry-After", "1")
                .build();
    }
}
