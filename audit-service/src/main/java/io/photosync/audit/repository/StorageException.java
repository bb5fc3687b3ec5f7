package io.photosync.audit.repository;

import io.photosync.common.jdbc.DatabaseException;

import java.sql.SQLException;

/** The log's database failed; not the caller's fault (answered 503 by common's DatabaseProblemMapper). */
public class StorageException extends DatabaseException {
    public StorageException(SQLException cause) {
        super(cause);
    }
}
