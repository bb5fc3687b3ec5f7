package io.photosync.common.dpop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * {@link JtiReplayStore} in the service's PostgreSQL database (table {@code dpop_jti}, created by the
 * migration {@code db/common/V100_1__dpop_jti.sql}): a primary key makes first use atomic across replicas.
 * <p>
 * Call it outside any transaction: the insert must commit on its own, at once, so that a request
 * whose own work later rolls back cannot give its proof id back, and so that another replica sees it.
 * A connection that is not in auto-commit mode (one enlisted in a JTA transaction) is refused.
 * <p>
 * {@link #inCallersTransaction()} is the exception, for a request whose whole effect is one transaction (a
 * token refresh): the id then commits with that effect or not at all, and a concurrent second use waits on the
 * primary key and is refused once the first commits.
 */
public class JdbcJtiReplayStore implements JtiReplayStore {
    private final DataSource dataSource;

    public JdbcJtiReplayStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean firstUse(String key, Instant forgetAfter) {
        return record(key, forgetAfter, true);
    }

    /**
     * This store for a caller that records the id inside its own, already open transaction (the connection the
     * data source hands out is enlisted in it): nothing is committed here, and a connection in auto-commit mode is
     * refused. Atomic across replicas all the same: of two transactions recording the same id, the second waits on
     * the primary key and gets {@code false} if the first commits.
     */
    public JtiReplayStore inCallersTransaction() {
        return (key, forgetAfter) -> record(key, forgetAfter, false);
    }

    private boolean record(String key, Instant forgetAfter, boolean ownCommit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into dpop_jti (jti_key, forget_after) values (?, ?) on conflict do nothing")) {
            if (c.getAutoCommit() != ownCommit) {
                throw new IllegalStateException(
                        ownCommit
                                ? "DPoP proof ids must be recorded outside a transaction"
                                : "DPoP proof ids recorded in the caller's transaction need one");
            }
            ps.setString(1, key);
            ps.setTimestamp(2, Timestamp.from(forgetAfter));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record DPoP proof id", e);
        }
    }

    /** Deletes identifiers whose proofs are too old to be accepted anyway; returns how many. */
    public int forgetExpired(Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("delete from dpop_jti where forget_after < ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge DPoP proof ids", e);
        }
    }
}
