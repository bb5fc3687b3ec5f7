package io.photosync.account;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Reads the database directly, to show what a request wrote or, for a refused one, that it wrote nothing. */
@ApplicationScoped
public class Rows {
    @Inject
    AgroalDataSource dataSource;

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    public long count(String sql, Object... params) {
        return query(sql, params, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    public String string(String sql, Object... params) {
        return query(sql, params, rs -> rs.next() ? rs.getString(1) : null);
    }

    public void execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = prepare(c, sql, params)) {
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id of the account a session belongs to. */
    public String accountIdOf(String sessionId) {
        return string("select account_id::text from device_session where id = ?", UUID.fromString(sessionId));
    }

    /** Forgets earlier sign-in failures from this machine, so that they do not throttle the next test's sign-ins. */
    public void forgetLocalSignInFailures() {
        execute("delete from sign_in_failure where client_ip in ('127.0.0.1', '0:0:0:0:0:0:0:1')");
    }

    /** Everything a sign-in, refresh or account creation could write, as one fingerprint. */
    public String writeFingerprint() {
        return count("select count(*) from device_session") + "/" + count("select count(*) from device") + "/"
                + count("select count(*) from refresh_token") + "/" + count("select count(*) from outbox") + "/"
                + count("select count(*) from alert") + "/" + count("select coalesce(max(id), 0) from sign_in_failure")
                + "/"
                + count("select count(*) from refresh_token where spent_at is not null") + "/"
                + count("select count(*) from device_session where revoked_at is not null") + "/"
                + count("select count(*) from account");
    }

    private <T> T query(String sql, Object[] params, Reader<T> reader) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            return reader.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
