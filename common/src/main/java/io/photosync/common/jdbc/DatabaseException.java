package io.photosync.common.jdbc;

import java.sql.SQLException;

/**
 * The service's own database failed: never the caller's fault. Storage code throws it (never an HTTP problem);
 * {@link io.photosync.common.problem.DatabaseProblemMapper} answers it with a 503 the client may retry.
 */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String what, SQLException cause) {
        super("database: cannot " + what + ": " + cause.getMessage(), cause);
    }

    public DatabaseException(SQLException cause) {
        super("database: " + cause.getMessage(), cause);
    }
}
