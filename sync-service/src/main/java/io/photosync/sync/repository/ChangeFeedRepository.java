package io.photosync.sync.repository;

import static io.photosync.sync.repository.Jdbc.failure;
import static io.photosync.sync.repository.Jdbc.instant;
import static io.photosync.sync.repository.Jdbc.timestamp;
import static io.photosync.sync.repository.Jdbc.uuid;

import io.agroal.api.AgroalDataSource;
import io.photosync.sync.model.Change;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The per-account change feed and the deliveries of its {@code added} entries to devices. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ChangeFeedRepository {
    @Inject
    AgroalDataSource dataSource;

    public long append(UUID accountId, UUID photoId, String op, String deviceId, UUID sessionId, Instant at) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("insert into photo_change (account_id, photo_id, op, device_id, "
                                + "session_id, changed_at) values (?, ?, ?, ?, ?, ?) returning seq")) {
            ps.setObject(1, accountId);
            ps.setObject(2, photoId);
            ps.setString(3, op);
            ps.setString(4, deviceId);
            ps.setObject(5, sessionId);
            ps.setTimestamp(6, timestamp(at));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("append change", e);
        }
    }

    /** The account's changes after {@code afterSeq}, oldest first. */
    public List<Change> after(UUID accountId, long afterSeq, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select c.seq, c.op, c.photo_id, p.sha256, c.device_id, c.session_id, "
                                + "c.changed_at from photo_change c join photo p on p.id = c.photo_id "
                                + "where c.account_id = ? and c.seq > ? order by c.seq limit ?")) {
            ps.setObject(1, accountId);
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Change> changes = new ArrayList<>();
                while (rs.next()) {
                    changes.add(new Change(
                            rs.getLong("seq"),
                            rs.getString("op"),
                            uuid(rs, "photo_id"),
                            rs.getString("sha256"),
                            rs.getString("device_id"),
                            uuid(rs, "session_id"),
                            instant(rs, "changed_at")));
                }
                return changes;
            }
        } catch (SQLException e) {
            throw failure("read changes", e);
        }
    }

    /** Records the hand-over unless this session already received this photo; true when recorded. */
    public boolean recordDelivery(
            UUID id,
            UUID accountId,
            Change change,
            String deviceId,
            UUID sessionId,
            Instant at,
            String ip,
            UUID outboxEventId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("insert into photo_delivery (id, photo_id, account_id, device_id,"
                            + " session_id, change_seq, delivered_at, client_ip, outbox_event_id) values (?, ?, ?, ?,"
                            + " ?, ?, ?, ?, ?) on conflict on constraint photo_delivery_once_per_session do"
                            + " nothing")) {
            ps.setObject(1, id);
            ps.setObject(2, change.photoId());
            ps.setObject(3, accountId);
            ps.setString(4, deviceId);
            ps.setObject(5, sessionId);
            ps.setLong(6, change.seq());
            ps.setTimestamp(7, timestamp(at));
            ps.setString(8, ip);
            ps.setObject(9, outboxEventId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("record delivery", e);
        }
    }
}
