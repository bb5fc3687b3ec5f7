package io.photosync.common.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The relay's SQL on the {@code outbox} table (migrations {@code db/common/V100_2__outbox.sql},
 * {@code V100_3__outbox_relay.sql}). Every method works inside the caller's transaction on {@code c}.
 */
final class OutboxStore {
    /** One relay at a time across all replicas, so events reach the log in {@code seq} order. */
    private static final long RELAY_LOCK_KEY = 0x70686f746f6f7574L; // "photoout"

    record PendingRow(long seq, UUID id, String eventJson, int attempts, boolean due) {}

    record Acknowledgement(UUID id, long logIndex, String leafHash) {}

    private OutboxStore() {}

    /** Takes the relay lock for the current transaction; false when another replica holds it. */
    static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, RELAY_LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The oldest pending rows in {@code seq} order; {@code due} says whether the row's backoff has passed. */
    static List<PendingRow> oldestPending(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("select seq, id, event::text, attempts, next_attempt_at <= now() from outbox"
                        + " where submitted_at is null and rejected_at is null order by seq limit ?")) {
            ps.setInt(1, limit);
            List<PendingRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new PendingRow(
                            rs.getLong(1),
                            rs.getObject(2, UUID.class),
                            rs.getString(3),
                            rs.getInt(4),
                            rs.getBoolean(5)));
                }
            }
            return rows;
        }
    }

    static void markSubmitted(Connection c, List<Acknowledgement> acks) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update outbox set submitted_at = now(), log_index = ?, leaf_hash = ?, attempts = attempts + 1,"
                        + " last_error = null where id = ? and submitted_at is null")) {
            for (Acknowledgement a : acks) {
                ps.setLong(1, a.logIndex());
                ps.setString(2, a.leafHash());
                ps.setObject(3, a.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records a failed attempt on each row and when to try again (milliseconds from now, per row). */
    static void markFailed(Connection c, List<PendingRow> rows, List<Long> retryAfterMillis, String error)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update outbox set attempts = attempts + 1, last_error = ?,"
                + " next_attempt_at = now() + make_interval(secs => ?) where id = ?")) {
            for (int i = 0; i < rows.size(); i++) {
                ps.setString(1, error);
                ps.setDouble(2, retryAfterMillis.get(i) / 1000.0);
                ps.setObject(3, rows.get(i).id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void markRejected(Connection c, PendingRow row, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update outbox set rejected_at = now(), attempts = attempts + 1, last_error = ? where id = ?")) {
            ps.setString(1, reason);
            ps.setObject(2, row.id());
            ps.executeUpdate();
        }
    }

    /** An event the log refused and no operator has dealt with yet (V100_4__outbox_set_aside_alarm.sql). */
    record SetAside(long count, long oldestSeq, UUID oldestId, String oldestType, String oldestReason) {}

    static SetAside setAside(Connection c) throws SQLException {
        try (PreparedStatement ps =
                        c.prepareStatement("select count(*) over (), seq, id, event_type, last_error from outbox"
                                + " where rejected_at is not null and resolved_at is null order by seq limit 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return new SetAside(0, 0, null, null, null);
            }
            return new SetAside(
                    rs.getLong(1), rs.getLong(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5));
        }
    }

    static long backlog(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                        "select count(*) from outbox where submitted_at is null and rejected_at is null");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
