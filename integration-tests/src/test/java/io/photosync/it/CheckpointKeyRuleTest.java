package io.photosync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.testsupport.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The packaged audit-service (the prod profile, as it is deployed) never generates its checkpoint key: without
 * {@code audit.log.private-key} it does not start, and with it, it signs with that key and keeps none in its database.
 */
class CheckpointKeyRuleTest {
    private static final String DATABASE = "keyrule_audit";

    @Test
    void withoutAConfiguredCheckpointKeyThePackagedServiceRefusesToStartAndSaysWhich() throws Exception {
        AuditServiceProcess.recreateDatabase(DATABASE);
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> ServiceProcess.forJar(AuditServiceProcess.JAR)
                        .name("audit-service-" + DATABASE)
                        .config("quarkus.datasource.jdbc.url", AuditServiceProcess.jdbcUrl(DATABASE))
                        .readyTimeout(Duration.ofSeconds(90))
                        .start());
        assertTrue(refused.getMessage().contains("exited with"), refused.getMessage());
        assertTrue(
                refused.getMessage().contains("audit.log.private-key (AUDIT_LOG_PRIVATE_KEY) is not set"),
                refused.getMessage());
        assertEquals(0, storedSigningKeys(), "no key was generated into the database");
    }

    @Test
    void withTheConfiguredCheckpointKeyItPublishesThatKeyAndStoresNone() throws Exception {
        try (AuditServiceProcess audit = new AuditServiceProcess(DATABASE, "account-service")) {
            audit.start();
            HttpResponse<String> key = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(audit.baseUri() + "/v1/log/key"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, key.statusCode());
            // PRIVATE+KEY+<name>+<key id>+<seed> and the verifier key <name>+<key id>+<public key> share name and id.
            String[] configured = audit.logKey().split("\\+");
            assertTrue(key.body().strip().startsWith(configured[2] + "+" + configured[3] + "+"), key.body());
            assertEquals(0, storedSigningKeys());
        }
    }

    private static long storedSigningKeys() throws Exception {
        try (Connection c = DriverManager.getConnection(AuditServiceProcess.jdbcUrl(DATABASE), "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from log_signing_key")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
