package io.photosync.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.photosync.k8s.MakeSecrets;
import io.photosync.testsupport.ServiceProcess;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * audit-service as a real process (test-support's {@link ServiceProcess}) with its own fresh database, trusting a
 * fresh P-256 key per source, and a fresh checkpoint key (the packaged service never generates one). {@link #stop()}
 * and {@link #start()} again keep port, database and log key, as an outage would.
 */
final class AuditServiceProcess implements AutoCloseable {
    static final Path JAR = Path.of("..", "audit-service", "target", "quarkus-app", "quarkus-run.jar");

    private final String database;
    private final Map<String, ECKey> sourceKeys;
    private final String logKey;
    private final Map<String, String> config = new LinkedHashMap<>();
    private ServiceProcess process;
    private int port;

    /** @param database created afresh (dropped first if it exists) */
    AuditServiceProcess(String database, String... sources)
            throws SQLException, JOSEException, GeneralSecurityException {
        this.database = database;
        this.logKey = MakeSecrets.newLogKey(MakeSecrets.LOCAL_LOG_ORIGIN);
        Map<String, ECKey> keys = new HashMap<>();
        for (String source : sources) {
            keys.put(source, new ECKeyGenerator(Curve.P_256).keyID(source).generate());
        }
        this.sourceKeys = Map.copyOf(keys);
        recreateDatabase(database);
    }

    /** The private JWK (JSON) a source signs its submissions with. */
    String sourcePrivateJwk(String source) {
        return sourceKeys.get(source).toJSONString();
    }

    /** The checkpoint key the service is configured with ({@code audit.log.private-key}). */
    String logKey() {
        return logKey;
    }

    /** Another configuration property, e.g. {@code audit.account-url}; takes effect at the next {@link #start()}. */
    AuditServiceProcess config(String key, String value) {
        config.put(key, value);
        return this;
    }

    /** Fixes the port before the first start, so that services started earlier can be told where the log will be. */
    synchronized URI reserveAddress() {
        if (port == 0) {
            port = ServiceProcess.freePort();
        }
        return baseUri();
    }

    synchronized URI baseUri() {
        return URI.create(port > 0 ? "http://localhost:" + port : process.baseUrl());
    }

    synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        ServiceProcess.Builder builder = ServiceProcess.forJar(JAR)
                .name("audit-service-" + database)
                .config("quarkus.datasource.jdbc.url", jdbcUrl(database))
                .config("audit.log.private-key", logKey);
        sourceKeys.forEach((source, key) -> builder.config(
                "audit.sources." + source + ".public-key", key.toPublicJWK().toJSONString()));
        config.forEach(builder::config);
        if (port > 0) {
            builder.port(port);
        }
        process = builder.start();
        port = process.port();
    }

    /** Stops the service as an outage would; the database and its log stay. */
    synchronized void stop() {
        if (process != null) {
            process.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The stored leaf at {@code index}, read from the log's database: no public endpoint serves leaves
     * (docs/PRIVACY.md), and these tests' entries belong to no signed-in account.
     */
    byte[] storedLeaf(long index) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), "postgres", "");
                PreparedStatement ps = c.prepareStatement("select entry from log_entry where idx = ?")) {
            ps.setLong(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no entry at index " + index);
                }
                return rs.getBytes(1);
            }
        }
    }

    /** Closes each service that was started, whatever the others do: stopping the others matters more. */
    static void closeAll(AutoCloseable... services) {
        for (AutoCloseable service : services) {
            try {
                if (service != null) {
                    service.close();
                }
            } catch (Exception e) {
                // the next one
            }
        }
    }

    static String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    static void recreateDatabase(String database) throws SQLException {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("plain database names only");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
            s.execute("create database " + database);
        }
    }
}
