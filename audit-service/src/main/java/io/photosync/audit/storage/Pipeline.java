package io.photosync.audit.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Statements sent to PostgreSQL in one round trip: pgjdbc sends every statement of a multi-statement query (each
 * Parse/Bind/Execute) before a single Sync, and the server runs them in order, each with its own snapshot under READ
 * COMMITTED, so a statement sees what the ones before it did (a lock taken, a row written). If one fails, the server
 * skips the rest and the transaction is aborted.
 */
final class Pipeline {
    /** Reads one statement's rows. */
    @FunctionalInterface
    interface Rows {
        void read(ResultSet rs) throws SQLException;
    }

    /** Checks one statement's update count. */
    @FunctionalInterface
    interface Count {
        void check(int updated) throws SQLException;
    }

    private record Statement(String sql, List<Object> parameters, Rows rows, Count count) {}

    private final List<Statement> statements = new ArrayList<>();

    /** A statement that answers rows; {@code parameters} are bound to its {@code ?}s in order. */
    Pipeline query(String sql, List<Object> parameters, Rows rows) {
        statements.add(new Statement(sql, parameters, rows, null));
        return this;
    }

    /** A statement that answers an update count. */
    Pipeline update(String sql, List<Object> parameters, Count count) {
        statements.add(new Statement(sql, parameters, null, count));
        return this;
    }

    Pipeline update(String sql, List<Object> parameters) {
        return update(sql, parameters, updated -> {});
    }

    /** Sends every statement added, then reads their results in order. */
    void run(Connection c) throws SQLException {
        if (statements.isEmpty()) {
            return;
        }
        String sql = statements.stream().map(Statement::sql).collect(Collectors.joining(";\n"));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int index = 1;
            for (Statement s : statements) {
                for (Object parameter : s.parameters()) {
                    ps.setObject(index++, parameter);
                }
            }
            boolean rows = ps.execute();
            for (Statement s : statements) {
                if (s.rows() != null) {
                    if (!rows) {
                        throw new SQLException("expected rows from: " + s.sql());
                    }
                    try (ResultSet rs = ps.getResultSet()) {
                        s.rows().read(rs);
                    }
                } else {
                    if (rows) {
                        throw new SQLException("expected an update count from: " + s.sql());
                    }
                    s.count().check(ps.getUpdateCount());
                }
                rows = ps.getMoreResults();
            }
        }
    }
}
