package io.photosync.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * audit-service as a real process: its runnable jar ({@code audit-service/target/quarkus-app}) on a free port
 * with its own fresh database. Stop and start again keep port, database and log key, like an outage.
 */
final class AuditServiceProcess implements AutoCloseable {
    private static final Path JAR = Path.of("..", "audit-service", "target", "quarkus-app", "quarkus-run.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String database;
    private final int port;
    private final Path logFile;
    private Process process;

    private final Map<String, ECKey> sourceKeys;

    /**
     * An audit-service (not started yet) that trusts a fresh P-256 key for each of {@code sources}.
     *
     * @param database created afresh (dropped first if it exists)
     */
    AuditServiceProcess(String database, String... sources) throws IOException, SQLException, JOSEException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build audit-service first (the reactor does)");
        }
        this.database = database;
        Map<String, ECKey> keys = new HashMap<>();
        for (String source : sources) {
            keys.put(source, new ECKeyGenerator(Curve.P_256).keyID(source).generate());
        }
        this.sourceKeys = Map.copyOf(keys);
        this.port = freePort();
        this.logFile = Path.of("target", "audit-service-" + database + ".log");
        recreateDatabase(database);
    }

    /** The private JWK (JSON) a source signs its submissions with. */
    String sourcePrivateJwk(String source) {
        return sourceKeys.get(source).toJSONString();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.datasource.jdbc.url=" + jdbcUrl(database));
        sourceKeys.forEach((source, key) -> command.add("-Daudit.sources." + source + ".public-key=" + key.toPublicJWK().toJSONString()));
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        Files.createDirectories(logFile.getParent());
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        awaitReady();
    }

    /** Stops the service as an outage would; the database and its log stay. */
    synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void awaitReady() throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(baseUri().resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("audit-service exited with " + process.exitValue() + "; see " + logFile.toAbsolutePath());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        stop();
        throw new IllegalStateException("audit-service not ready within " + START_TIMEOUT + "; see " + logFile.toAbsolutePath());
    }

    static String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    static void recreateDatabase(String database) throws SQLException {
        if (!database.matches("[a-z_]+")) {
            throw new IllegalArgumentException("plain database names only");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
            s.execute("create database " + database);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
