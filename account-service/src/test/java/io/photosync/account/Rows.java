package io.photosync.account;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Counts rows, to show what a request wrote or, for a refused one, that it wrote nothing. */
public final class Rows {
    private final AgroalDataSource dataSource;

    public Rows(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String string(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything a sign-in or refresh could write, as one fingerprint. */
    public String writeFingerprint() {
        return count("select count(*) from device_session") + "/" + count("select count(*) from device") + "/"
                + count("select count(*) from refresh_token") + "/" + count("select count(*) from outbox") + "/"
                + count("select count(*) from alert") + "/" + count("select coalesce(max(id), 0) from sign_in_failure") + "/"
                + count("select count(*) from refresh_token where spent_at is not null") + "/"
                + count("select count(*) from device_session where revoked_at is not null") + "/"
                + count("select count(*) from account");
    }
}
