package io.photosync.sync.repository;

import static io.photosync.sync.repository.Jdbc.failure;
import static io.photosync.sync.repository.Jdbc.instant;
import static io.photosync.sync.repository.Jdbc.nullableDouble;
import static io.photosync.sync.repository.Jdbc.timestamp;
import static io.photosync.sync.repository.Jdbc.uuid;

import io.agroal.api.AgroalDataSource;
import io.photosync.sync.model.Capture;
import io.photosync.sync.model.Photo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Photos (one row per content per account) and downloads of their bytes. Every lookup is scoped to an account. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PhotoRepository {
    private static final String COLUMNS =
            "id, account_id, sha256, bytes, media_type, taken_at, camera_make, camera_model, "
                    + "lat, lon, created_at, deleted_at, deleted_by_device, deleted_by_session";

    @Inject
    AgroalDataSource dataSource;

    /** Inserts the photo unless the account already has this content; true when inserted. */
    public boolean insertIfNew(Photo photo) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into photo (" + COLUMNS + ") "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, null) "
                        + "on conflict on constraint photo_account_content do nothing")) {
            Capture capture = photo.capture();
            ps.setObject(1, photo.id());
            ps.setObject(2, photo.accountId());
            ps.setString(3, photo.sha256());
            ps.setLong(4, photo.bytes());
            ps.setString(5, photo.mediaType());
            ps.setTimestamp(6, timestamp(capture.takenAt()));
            ps.setString(7, capture.make());
            ps.setString(8, capture.model());
            setDouble(ps, 9, capture.lat());
            setDouble(ps, 10, capture.lon());
            ps.setTimestamp(11, timestamp(photo.createdAt()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("insert photo", e);
        }
    }

    public Optional<Photo> findByContent(UUID accountId, String sha256) {
        return findOne("select " + COLUMNS + " from photo where account_id = ? and sha256 = ?", accountId, sha256);
    }

    public Optional<Photo> find(UUID accountId, UUID photoId) {
        return findOne("select " + COLUMNS + " from photo where account_id = ? and id = ?", accountId, photoId);
    }

    /** Locks the row, so concurrent deletes and revivals of one photo are serialised. */
    public Optional<Photo> findForUpdate(UUID accountId, UUID photoId) {
        return findOne(
                "select " + COLUMNS + " from photo where account_id = ? and id = ? for update", accountId, photoId);
    }

    /** Clears the tombstone; true only for the one caller that actually revived it. */
    public boolean revive(UUID photoId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("update photo set deleted_at = null, deleted_by_device = null, "
                                + "deleted_by_session = null where id = ? and deleted_at is not null")) {
            ps.setObject(1, photoId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("revive photo", e);
        }
    }

    public void markDeleted(UUID photoId, String deviceId, UUID sessionId, Instant at) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update photo set deleted_at = ?, deleted_by_device = ?, "
                        + "deleted_by_session = ? where id = ?")) {
            ps.setTimestamp(1, timestamp(at));
            ps.setString(2, deviceId);
            ps.setObject(3, sessionId);
            ps.setObject(4, photoId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("tombstone photo", e);
        }
    }

    /**
     * The log event of {@code sessionId}'s newest logged download of the photo if that download was after {@code
     * since}: the downloads a logged event stands for share its id, the first of them being the logged one.
     */
    public Optional<UUID> loggedDownloadSince(UUID photoId, UUID sessionId, Instant since) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select outbox_event_id from photo_download where photo_id = ? and session_id = ? group by"
                                + " outbox_event_id having min(downloaded_at) > ? order by min(downloaded_at) desc"
                                + " limit 1")) {
            ps.setObject(1, photoId);
            ps.setObject(2, sessionId);
            ps.setTimestamp(3, timestamp(since));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read downloads", e);
        }
    }

    public void insertDownload(
            UUID id, Photo photo, String deviceId, UUID sessionId, Instant at, String ip, UUID outboxEventId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into photo_download (id, photo_id, account_id, device_id, session_id, downloaded_at,"
                                + " client_ip, outbox_event_id) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, photo.id());
            ps.setObject(3, photo.accountId());
            ps.setString(4, deviceId);
            ps.setObject(5, sessionId);
            ps.setTimestamp(6, timestamp(at));
            ps.setString(7, ip);
            ps.setObject(8, outboxEventId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("record download", e);
        }
    }

    private Optional<Photo> findOne(String sql, UUID accountId, Object key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, accountId);
            ps.setObject(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read photo", e);
        }
    }

    private static Photo map(ResultSet rs) throws SQLException {
        return new Photo(
                uuid(rs, "id"),
                uuid(rs, "account_id"),
                rs.getString("sha256"),
                rs.getLong("bytes"),
                rs.getString("media_type"),
                new Capture(
                        instant(rs, "taken_at"),
                        rs.getString("camera_make"),
                        rs.getString("camera_model"),
                        nullableDouble(rs, "lat"),
                        nullableDouble(rs, "lon")),
                instant(rs, "created_at"),
                instant(rs, "deleted_at"),
                rs.getString("deleted_by_device"),
                uuid(rs, "deleted_by_session"));
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }
}
