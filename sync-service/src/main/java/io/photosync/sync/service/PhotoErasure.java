package io.photosync.sync.service;

import io.agroal.api.AgroalDataSource;
import io.photosync.common.jdbc.DatabaseException;
import io.photosync.common.outbox.OutboxWriter;
import io.photosync.deviceauth.AccountErased;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Erases what sync-service holds of an erased account (docs/PRIVACY.md "Erasure"), learnt from account-service's
 * revocation feed ({@link AccountErased}): every photo, upload, change, delivery and download row of the account
 * (their GPS, camera model, IPs), the personal values of its outbox rows, and the bytes on disk that no other
 * account's photo has. The log entries of those facts stay: their leaves hold only salted digests.
 * Idempotent, since the feed names an erasure again after every restart.
 */
@ApplicationScoped
public class PhotoErasure {
    private static final Logger LOG = Logger.getLogger(PhotoErasure.class);
    /** Child tables first; {@code photo} last, as the others reference it. */
    private static final List<String> TABLES =
            List.of("photo_download", "photo_delivery", "photo_change", "photo_upload", "photo");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxWriter outbox;

    @Inject
    PhotoStorage storage;

    void onErasure(@Observes AccountErased erased) {
        List<String> unreferenced = QuarkusTransaction.requiringNew().call(() -> eraseRows(erased.accountId()));
        for (String sha256 : unreferenced) {
            try {
                Files.deleteIfExists(storage.contentPath(sha256));
            } catch (IOException e) {
                // the rows are gone already; the bytes are named by nothing and are retried at the next replay
                LOG.warnf("erased account %s: photo content %s not deleted: %s", erased.accountId(), sha256, e);
            }
        }
        if (!unreferenced.isEmpty()) {
            LOG.infof("erased account %s: %d photo contents deleted", erased.accountId(), unreferenced.size());
        }
    }

    /** Deletes the account's rows; returns the contents it held that no other account has. */
    private List<String> eraseRows(UUID accountId) {
        try (Connection c = dataSource.getConnection()) {
            List<String> contents = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "select distinct sha256 from photo p where account_id = ? and not exists (select 1 from photo o"
                            + " where o.sha256 = p.sha256 and o.account_id <> p.account_id)")) {
                ps.setObject(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        contents.add(rs.getString(1));
                    }
                }
            }
            for (String table : TABLES) {
                try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where account_id = ?")) {
                    ps.setObject(1, accountId);
                    ps.executeUpdate();
                }
            }
            outbox.erasePersonal(accountId);
            return contents;
        } catch (SQLException e) {
            throw new DatabaseException("erase an account's photos", e);
        }
    }
}
