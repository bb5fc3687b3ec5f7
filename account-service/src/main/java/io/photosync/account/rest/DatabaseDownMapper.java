package io.photosync.account.rest;

import io.photosync.common.problem.DatabaseProblemMapper;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;

/** Hibernate's word for "the database is unreachable" gets the suite's one answer to a database failure: 503. */
@Provider
public class DatabaseDownMapper implements ExceptionMapper<JDBCConnectionException> {
    private static final Logger LOG = Logger.getLogger(DatabaseDownMapper.class);

    @Override
    public Response toResponse(JDBCConnectionException e) {
        LOG.error("database failure", e);
        return DatabaseProblemMapper.unavailable();
    }
}
