package io.photosync.audit.provenance;

import io.agroal.api.AgroalDataSource;
import io.photosync.audit.entry.Chains;
import io.photosync.common.jdbc.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The provenance projection's tables (migration V50): account and photo of each log entry. */
@ApplicationScoped
public class ProvenanceRepository {
    /** Which account and photo one log entry concerns. */
    public record ProjectedEntry(long index, UUID accountId, UUID photoId, String type) {}

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
            try (PreparedStatement cursor =
                            c.prepareStatement("select next_idx from provenance_cursor where id = 1 for update");
                    ResultSet rs = cursor.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != from) {
                    c.rollback();
                    return false;
                }
            }
            // One statement per batch: row-by-row inserts cost a round trip each, and the projection follows every
            // append.
            try (PreparedStatement insert = c.prepareStatement("""
                insert into provenance_entry (idx, account_id, photo_id, type)
                select * from unnest(?::bigint[], ?::uuid[], ?::uuid[], ?::text[])\
                """)) {
                insert.setArray(
                        1,
                        c.createArrayOf(
                                "bigint",
                                entries.stream().map(ProjectedEntry::index).toArray(Long[]::new)));
                insert.setArray(
                        2,
                        c.createArrayOf(
                                "uuid",
                                entries.stream().map(ProjectedEntry::accountId).toArray(UUID[]::new)));
                insert.setArray(
                        3,
                        c.createArrayOf(
                                "uuid",
                                entries.stream().map(ProjectedEntry::photoId).toArray(UUID[]::new)));
                insert.setArray(
                        4,
                        c.createArrayOf(
                                "text",
                                entries.stream().map(ProjectedEntry::type).toArray(String[]::new)));
                insert.executeUpdate();
            }
            try (PreparedStatement advance =
                    c.prepareStatement("update provenance_cursor set next_idx = ? where id = 1")) {
                advance.setLong(1, from + entries.size());
                advance.executeUpdate();
            }
            c.commit();
            return true;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    public long nextIndex() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select next_idx from provenance_cursor where id = 1");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException(e);
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
                    select idx from provenance_entry where account_id = ? and type = any(?) and idx < ?
                    union all
                    select idx from provenance_entry where account_id = ? and photo_id = ? and type = any(?) and idx < ?
                    order by idx\
                    """)) {
            // The chains' type sets are disjoint: each branch reads one index range (V80), no entry twice.
            Set<String> accountChains = new HashSet<>(Chains.SESSION_TYPES);
            accountChains.addAll(Chains.ACCESS_TYPES);
            ps.setObject(1, accountId);
            ps.setArray(2, c.createArrayOf("text", accountChains.toArray()));
            ps.setLong(3, treeSize);
            ps.setObject(4, accountId);
            ps.setObject(5, photoId);
            ps.setArray(6, c.createArrayOf("text", Chains.PHOTO_TYPES.toArray()));
            ps.setLong(7, treeSize);
            return indices(ps);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Indices below {@code treeSize} of the account's access chain (docs/SUPPORT.md), in log order. */
    public List<Long> accessChain(UUID accountId, long treeSize) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select idx from provenance_entry where account_id = ? and idx < ? and type = any(?) order by"
                                + " idx")) {
            ps.setObject(1, accountId);
            ps.setLong(2, treeSize);
            ps.setArray(3, c.createArrayOf("text", Chains.ACCESS_TYPES.toArray()));
            return indices(ps);
        } catch (SQLException e) {
            throw new DatabaseException(e);
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
                PreparedStatement ps =
                        c.prepareStatement("select 1 from provenance_entry where account_id = ? limit 1")) {
            ps.setObject(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
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
            throw new DatabaseException(e);
        }
    }
}
