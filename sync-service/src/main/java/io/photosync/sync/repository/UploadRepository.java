package io.photosync.sync.repository;

import static io.photosync.sync.repository.Jdbc.failure;
import static io.photosync.sync.repository.Jdbc.instant;
import static io.photosync.sync.repository.Jdbc.nullableLong;
import static io.photosync.sync.repository.Jdbc.timestamp;
import static io.photosync.sync.repository.Jdbc.uuid;

import io.agroal.api.AgroalDataSource;
import io.photosync.sync.model.LogStatus;
import io.photosync.sync.model.Upload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Upload records; each one's log status is read from its outbox row, where the relay stores the log index. */
@ApplicationScoped
public class UploadRepository {
    private static final String SELECT =
            "select u.id, u.photo_id, u.device_id, u.session_id, u.uploaded_at, u.client_ip, "
                    + "u.client_ref, u.new_photo, u.outbox_event_id, o.log_index from photo_upload u "
                    + "left join outbox o on o.id = u.outbox_event_id ";

    @Inject
    AgroalDataSource dataSource;

    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(Upload upload, UUID accountId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("insert into photo_upload (id, photo_id, account_id, device_id, "
                                + "session_id, uploaded_at, client_ip, client_ref, new_photo, outbox_event_id) "
                                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, upload.id());
            ps.setObject(2, upload.photoId());
            ps.setObject(3, accountId);
            ps.setString(4, upload.deviceId());
            ps.setObject(5, upload.sessionId());
            ps.setTimestamp(6, timestamp(upload.uploadedAt()));
            ps.setString(7, upload.clientIp());
            ps.setString(8, upload.clientRef());
            ps.setBoolean(9, upload.newPhoto());
            ps.setObject(10, upload.outboxEventId());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("record upload", e);
        }
    }

    /** Every upload of the photo, oldest first. */
    public List<Upload> history(UUID photoId) {
        return query(SELECT + "where u.photo_id = ? order by u.uploaded_at, u.id", photoId);
    }

    private List<Upload> query(String sql, UUID key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                List<Upload> uploads = new ArrayList<>();
                while (rs.next()) {
                    uploads.add(new Upload(
                            uuid(rs, "id"),
                            uuid(rs, "photo_id"),
                            rs.getString("device_id"),
                            uuid(rs, "session_id"),
                            instant(rs, "uploaded_at"),
                            rs.getString("client_ip"),
                            rs.getString("client_ref"),
                            rs.getBoolean("new_photo"),
                            uuid(rs, "outbox_event_id"),
                            LogStatus.of(nullableLong(rs, "log_index"))));
                }
                return uploads;
            }
        } catch (SQLException e) {
            throw failure("read uploads", e);
        }
    }
}
