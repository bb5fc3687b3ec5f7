package io.photosync.audit.repository;

import io.agroal.api.AgroalDataSource;
import io.photosync.audit.entry.Chains;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The provenance projection's tables (migration V50): account and photo of each log entry. */
@ApplicationScoped
public class ProvenanceRepository {
    /** Which account and photo one log entry concerns. */
    public record ProjectedEntry(long index, UUID accountId, UUID photoId, String type) {
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Adds a batch read from the log, if the projection is still at {@code from}; one replica at a
     * time (row lock on the cursor), so the batch is applied exactly once.
     *
     * @return false when another replica moved the cursor first
     */
    public boolean append(long from, List<ProjectedEntry> entries) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement cursor = c.prepareStatement("select next_idx from provenance_cursor where id = 1 for update");
                 ResultSet rs = cursor.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != from) {
                    c.rollback();
                    return false;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "insert into provenance_entry (idx, account_id, photo_id, type) values (?, ?, ?, ?)")) {
                for (ProjectedEntry e : entries) {
                    insert.setLong(1, e.index());
                    insert.setObject(2, e.accountId());
                    insert.setObject(3, e.photoId());
                    insert.setString(4, e.type());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement advance = c.prepareStatement("update provenance_cursor set next_idx = ? where id = 1")) {
                advance.setLong(1, from + entries.size());
                advance.executeUpdate();
            }
            c.commit();
            return true;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    public long nextIndex() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select next_idx from provenance_cursor where id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /**
     * Indices below {@code treeSize} of the account's session chain, of the photo's chain and of its access chain
     * (docs/EVENTS.md "Chains"; the access chain says when support read the report), in log order: everything a
     * provenance report rests on.
     */
    public List<Long> chainEntries(UUID accountId, UUID photoId, long treeSize) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     select idx from provenance_entry where account_id = ? and idx < ?
                     and (type = any(?) or (photo_id = ? and type = any(?)) or type = any(?)) order by idx""")) {
            ps.setObject(1, accountId);
            ps.setLong(2, treeSize);
            ps.setArray(3, c.createArrayOf("text", Chains.SESSION_TYPES.toArray()));
            ps.setObject(4, photoId);
            ps.setArray(5, c.createArrayOf("text", Chains.PHOTO_TYPES.toArray()));
            ps.setArray(6, c.createArrayOf("text", Chains.ACCESS_TYPES.toArray()));
            return indices(ps);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Indices below {@code treeSize} of the account's access chain (docs/SUPPORT.md), in log order. */
    public List<Long> accessChain(UUID accountId, long treeSize) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select idx from provenance_entry where account_id = ? and idx < ? and type = any(?) order by idx")) {
            ps.setObject(1, accountId);
            ps.setLong(2, treeSize);
            ps.setArray(3, c.createArrayOf("text", Chains.ACCESS_TYPES.toArray()));
            return indices(ps);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    private static List<Long> indices(PreparedStatement ps) throws SQLException {
        List<Long> indices = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                indices.add(rs.getLong(1));
            }
        }
        return indices;
    }

    /** Whether any projected log entry concerns the account: what a case can be opened for. */
    public boolean hasAccount(UUID accountId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select 1 from provenance_entry where account_id = ? limit 1")) {
            ps.setObject(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** The account a projected entry concerns; empty for an entry of no account or one not projected yet. */
    public Optional<UUID> accountOf(long index) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select account_id from provenance_entry where idx = ?")) {
            ps.setLong(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
