package io.photosync.audit.repository;

import java.sql.SQLException;

/** The database failed; not the caller's fault. */
public class StorageException extends RuntimeException {
    public StorageException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
