package io.photosync.audit.support;

import io.agroal.api.AgroalDataSource;
import io.photosync.audit.support.SupportCase.Grant;
import io.photosync.audit.support.SupportCase.Note;
import io.photosync.common.jdbc.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Cases, grants, notes and console form tokens (migration V60). */
@ApplicationScoped
public class SupportRepository {
    private static final String CASE_COLUMNS = """
        c.id, c.account_id, c.photo_id, c.device_id, c.question, c.opened_by, c.opened_by_staff, c.state,
        c.assignee, c.resolution, c.created_at, c.resolved_at, c.closed_at,
        g.id, g.state, g.reason, g.requested_at, g.approved_at, g.expires_at, g.ended_at, g.ended_by\
        """;
    private static final String CASE_FROM = " from support_case c join support_grant g on g.case_id = c.id ";
    /** The queue and an account's list are for people to read, not exports: the newest this many. */
    static final int LIST_LIMIT = 200;

    @Inject
    AgroalDataSource dataSource;

    /** One transaction on the audit database (common's template); a failure is the storage's, not the caller's. */
    <T> T inTransaction(Transactions.Work<T> work) {
        return Transactions.inTransaction(dataSource, work);
    }

    public void insert(SupportCase sc) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                insert into support_case (id, account_id, photo_id, device_id, question, opened_by, opened_by_staff,
                state, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)\
                """)) {
                ps.setObject(1, sc.id());
                ps.setObject(2, sc.accountId());
                ps.setObject(3, sc.photoId());
                ps.setString(4, sc.deviceId());
                ps.setString(5, sc.question());
                ps.setString(6, sc.openedBy());
                ps.setString(7, sc.openedByStaff());
                ps.setString(8, sc.state().name());
                ps.setTimestamp(9, Timestamp.from(sc.createdAt()));
                ps.executeUpdate();
            }
            Grant g = sc.grant();
            try (PreparedStatement ps = c.prepareStatement("""
                insert into support_grant (id, case_id, account_id, state, reason, requested_at, approved_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)\
                """)) {
                ps.setObject(1, g.id());
                ps.setObject(2, sc.id());
                ps.setObject(3, sc.accountId());
                ps.setString(4, g.state().name());
                ps.setString(5, g.reason());
                ps.setTimestamp(6, Timestamp.from(g.requestedAt()));
                ps.setTimestamp(7, timestamp(g.approvedAt()));
                ps.setTimestamp(8, timestamp(g.expiresAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<SupportCase> find(UUID caseId) {
        return inTransaction(c -> {
            List<SupportCase> found = cases(c, "where c.id = ?", caseId);
            return found.isEmpty() ? Optional.<SupportCase>empty() : Optional.of(withNotes(c, found.get(0)));
        });
    }

    public Optional<SupportCase> findByGrant(UUID grantId) {
        return inTransaction(c -> {
            List<SupportCase> found = cases(c, "where g.id = ?", grantId);
            return found.isEmpty() ? Optional.<SupportCase>empty() : Optional.of(found.get(0));
        });
    }

    public List<SupportCase> ofAccount(UUID accountId) {
        return inTransaction(
                c -> cases(c, "where c.account_id = ? order by c.created_at desc limit " + LIST_LIMIT, accountId));
    }

    /** Cases not closed, oldest first: the agents' queue. */
    public List<SupportCase> queue() {
        return inTransaction(c -> cases(c, "where c.state <> 'closed' order by c.created_at limit " + LIST_LIMIT));
    }

    /** Approves a requested grant; the case's report is then for the approving phone if it had none. */
    public boolean approve(UUID grantId, String deviceId, Instant at, Instant expiresAt) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                update support_grant set state = 'active', approved_at = ?, expires_at = ?
                where id = ? and state = 'requested'\
                """)) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setTimestamp(2, Timestamp.from(expiresAt));
                ps.setObject(3, grantId);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                update support_case set device_id = coalesce(device_id, ?)
                where id = (select case_id from support_grant where id = ?)\
                """)) {
                ps.setString(1, deviceId);
                ps.setObject(2, grantId);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Ends a grant that has not ended; false when it had already ended. */
    public boolean endGrant(UUID grantId, String endedBy, Instant at) {
        return inTransaction(c -> endGrant(c, "id", grantId, endedBy, at) == 1);
    }

    private static int endGrant(Connection c, String by, UUID id, String endedBy, Instant at) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("update support_grant set state = 'ended', ended_at = ?, ended_by = ? " + "where "
                        + by + " = ? and state <> 'ended'")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, endedBy);
            ps.setObject(3, id);
            return ps.executeUpdate();
        }
    }

    /** Takes a case that is not resolved or closed; false when it is. */
    public boolean assign(UUID caseId, String staffId) {
        return update(
                "update support_case set assignee = ?, state = 'in_progress' where id = ? and state in ('open',"
                        + " 'in_progress')",
                staffId,
                caseId);
    }

    public boolean resolve(UUID caseId, String resolution, Instant at) {
        return update(
                "update support_case set resolution = ?, resolved_at = ?, state = 'resolved' where id = ? and state <>"
                        + " 'closed'",
                resolution,
                Timestamp.from(at),
                caseId);
    }

    /** Closes a case and ends its grant together. */
    public boolean close(UUID caseId, Instant at) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "update support_case set state = 'closed', closed_at = ? where id = ? and state <> 'closed'")) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setObject(2, caseId);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            endGrant(c, "case_id", caseId, "case-closed", at);
            return true;
        });
    }

    /** Resolved cases whose resolution is older than {@code cutoff}: due to close. */
    public List<UUID> resolvedBefore(Instant cutoff) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select id from support_case where state = 'resolved' and resolved_at < ? limit " + LIST_LIMIT)) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                List<UUID> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
                return ids;
            }
        });
    }

    public void addNote(UUID caseId, Note note) {
        update(
                "insert into support_note (id, case_id, staff_id, text, created_at) values (?, ?, ?, ?, ?)",
                note.id(),
                caseId,
                note.staffId(),
                note.text(),
                Timestamp.from(note.createdAt()));
    }

    public void addFormToken(String token, String staffId, Instant expiresAt) {
        update(
                "insert into console_form_token (token, staff_id, expires_at) values (?, ?, ?)",
                token,
                staffId,
                Timestamp.from(expiresAt));
    }

    /** Uses up a form token made for {@code staffId}; false when unknown, someone else's, expired or used. */
    public boolean useFormToken(String token, String staffId, Instant now) {
        return update(
                "delete from console_form_token where token = ? and staff_id = ? and expires_at > ?",
                token,
                staffId,
                Timestamp.from(now));
    }

    /** Forgets tokens of forms never sent; a used token is already gone. */
    public void deleteExpiredFormTokens(Instant now) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from console_form_token where expires_at <= ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                return ps.executeUpdate();
            }
        });
    }

    private boolean update(String sql, Object... args) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static List<SupportCase> cases(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + CASE_COLUMNS + CASE_FROM + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<SupportCase> cases = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    Grant grant = new Grant(
                            rs.getObject(14, UUID.class),
                            id,
                            Grant.State.valueOf(rs.getString(15)),
                            rs.getString(16),
                            instant(rs, 17),
                            instant(rs, 18),
                            instant(rs, 19),
                            instant(rs, 20),
                            rs.getString(21));
                    cases.add(new SupportCase(
                            id,
                            rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            SupportCase.State.valueOf(rs.getString(8)),
                            rs.getString(9),
                            rs.getString(10),
                            instant(rs, 11),
                            instant(rs, 12),
                            instant(rs, 13),
                            grant,
                            null));
                }
            }
            return cases;
        }
    }

    private static SupportCase withNotes(Connection c, SupportCase sc) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select id, staff_id, text, created_at from support_note where case_id = ? order by created_at, id")) {
            ps.setObject(1, sc.id());
            List<Note> notes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    notes.add(new Note(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), instant(rs, 4)));
                }
            }
            return sc.withGrantAndNotes(sc.grant(), notes);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
