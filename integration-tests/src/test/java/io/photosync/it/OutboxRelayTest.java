package io.photosync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.photosync.cli.verify.Checkpoint;
import io.photosync.cli.verify.Merkle;
import io.photosync.cli.verify.VerificationException;
import io.photosync.cli.verify.VerifierKey;
import io.photosync.common.outbox.LogEvent;
import io.photosync.common.outbox.OutboxRelay;
import io.photosync.common.outbox.OutboxWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * common's {@link OutboxRelay} in a small Quarkus application, configured by nothing but properties, against a
 * real audit-service process: every event arrives once, in outbox order, with its index stored back — also
 * when audit-service is down during a burst, when an acknowledgement is lost, and when the log refuses an event.
 * Each test checks the whole outbox against the whole log, so the tests build on each other in order.
 */
@QuarkusTest
@QuarkusTestResource(value = AuditServiceResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboxRelayTest {
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    OutboxWriter writer;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxRelay relay;

    @Test
    @Order(1)
    void aBurstArrivesOnceEachInOrderWithIndexesStoredBack() throws Exception {
        writeEvents(1000, "SESSION_REVOKED");
        awaitDrained();
        assertOutboxMatchesTheLog(1000);
    }

    @Test
    @Order(2)
    void withAuditServiceDownDuringABurstNothingIsLostOrDoubled() throws Exception {
        AuditServiceResource.audit.stop();
        writeEvents(300, "SESSION_REVOKED");
        await("the relay tried while audit-service was down", () -> failedAttempts() > 0);
        await("the backlog gauge shows the waiting events", () -> backlogMetric() > 0);
        writeEvents(300, "DEVICE_REVOKED");
        AuditServiceResource.audit.start();
        awaitDrained();
        assertOutboxMatchesTheLog(1600);
        await("the backlog gauge is back to zero", () -> backlogMetric() == 0);
    }

    @Test
    @Order(3)
    void aLostAcknowledgementOnlyResendsAndTheLogKeepsOneEntry() throws Exception {
        List<Long> forgotten = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update outbox set submitted_at = null, log_index = null, leaf_hash = null where seq in"
                                + " (select seq from outbox order by seq desc limit 50) returning seq")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    forgotten.add(rs.getLong(1));
                }
            }
        }
        assertEquals(50, forgotten.size());
        awaitDrained();
        assertOutboxMatchesTheLog(1600);
    }

    @Test
    @Order(4)
    void anEventTheLogRefusesIsSetAsideAndTheOthersStillArrive() throws Exception {
        writeEvents(10, "SESSION_REVOKED");
        writeEvents(1, "NOT_AN_EVENT_TYPE");
        writeEvents(10, "DEVICE_REVOKED");
        awaitDrained();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select event_type, last_error from outbox where rejected_at is not null");
                ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), "the refused event is set aside");
            assertEquals("NOT_AN_EVENT_TYPE", rs.getString(1));
            assertTrue(rs.getString(2).startsWith("refused by audit-service with 400"), rs.getString(2));
            assertTrue(!rs.next(), "only the refused event is set aside");
        }
        assertOutboxMatchesTheLog(1620);
        // the alarm (issue 9): wellness DOWN naming the event, the gauge, while readiness stays UP
        await("the set-aside gauge shows the refused event", () -> metric("outbox_set_aside") == 1);
        RestAssured.get("/q/health/well")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'outbox' }.status", org.hamcrest.Matchers.equalTo("DOWN"))
                .body("checks.find { it.name == 'outbox' }.data.setAside", org.hamcrest.Matchers.equalTo(1))
                .body(
                        "checks.find { it.name == 'outbox' }.data.oldestType",
                        org.hamcrest.Matchers.equalTo("NOT_AN_EVENT_TYPE"));
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }

    /** Relays racing on the same outbox, as several replicas of a service do: still once each, in order. */
    @Test
    @Order(5)
    void severalRelaysAtOnceStillDeliverEachEventOnceInOrder() throws Exception {
        writeEvents(600, "SESSION_REVOKED");
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> acknowledged = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                acknowledged.add(replicas.submit(() -> {
                    int n = 0;
                    while (pendingRows() > 0) {
                        n += relay.relayDue();
                    }
                    return n;
                }));
            }
            for (Future<Integer> f : acknowledged) {
                f.get(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            replicas.shutdownNow();
        }
        assertOutboxMatchesTheLog(2220);
    }

    /** Issue 9: the alarm stays until an operator deals with the refused event, and the row is kept. */
    @Test
    @Order(6)
    void theAlarmClearsOnceAnOperatorRecordsWhyTheRefusedEventStaysOutOfTheLog() throws Exception {
        RestAssured.get("/q/health/well").then().statusCode(503);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update outbox set resolved_at = now(), resolution = 'test: not an event type'"
                                + " where rejected_at is not null and resolved_at is null")) {
            assertEquals(1, ps.executeUpdate());
        }
        RestAssured.get("/q/health/well").then().statusCode(200);
        await("the set-aside gauge is back to zero", () -> metric("outbox_set_aside") == 0);
        assertEquals(1, count("select count(*) from outbox where rejected_at is not null"), "the row is kept");
    }

    private void writeEvents(int count, String type) {
        int perTransaction = 50;
        for (int done = 0; done < count; done += perTransaction) {
            int n = Math.min(perTransaction, count - done);
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < n; i++) {
                    writer.append(new LogEvent(
                            UUID.randomUUID(),
                            type,
                            AuditServiceResource.SOURCE,
                            Instant.now(),
                            UUID.randomUUID(),
                            null,
                            UUID.randomUUID(),
                            null,
                            type.equals("SESSION_REVOKED")
                                    ? Map.of("reason", "test", "revokedBy", "user")
                                    : Map.of("revokedBy", "system"),
                            null));
                }
            });
        }
    }

    private void awaitDrained() throws InterruptedException {
        await("the relay drained the outbox", () -> pendingRows() == 0);
    }

    /**
     * The whole outbox against the whole log: the log has exactly {@code expectedSize} entries; every
     * acknowledged row holds a distinct index, the indexes follow the outbox order and cover the log; and
     * each stored leaf hash is proved by audit-service to sit at its index under the signed checkpoint
     * (verified with the cli's independent verifier).
     */
    private void assertOutboxMatchesTheLog(long expectedSize) throws Exception {
        long size = awaitLogSize(expectedSize);
        assertEquals(expectedSize, size, "the log holds every event once");
        List<long[]> rows = new ArrayList<>();
        List<String> leafHashes = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select seq, log_index, leaf_hash from outbox where rejected_at is null order by seq");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
                assertNotNull(rs.getString(3), "row " + rs.getLong(1) + " has its leaf hash stored back");
                leafHashes.add(rs.getString(3));
            }
        }
        assertEquals(expectedSize, rows.size(), "every accepted outbox row is in the log");
        Set<Long> indexes = new HashSet<>();
        long previous = -1;
        for (long[] row : rows) {
            assertTrue(indexes.add(row[1]), "log index " + row[1] + " is stored on two rows");
            assertTrue(row[1] > previous, "row " + row[0] + " reached the log after a later row");
            previous = row[1];
        }
        assertEquals(expectedSize - 1, previous, "the indexes cover the log without gaps");
        Checkpoint checkpoint = Checkpoint.openSigned(
                getText("/v1/log/checkpoint").getBytes(StandardCharsets.UTF_8),
                VerifierKey.parse(getText("/v1/log/key")));
        assertEquals(size, checkpoint.size());
        for (int i = 0; i < rows.size(); i += Math.max(1, rows.size() / 40)) {
            checkInclusion(rows.get(i)[1], leafHashes.get(i), checkpoint);
        }
        checkInclusion(rows.get(rows.size() - 1)[1], leafHashes.get(rows.size() - 1), checkpoint);
    }

    private void checkInclusion(long index, String leafHashBase64, Checkpoint checkpoint) throws Exception {
        long treeSize = checkpoint.size();
        JsonNode proof = getJson("/v1/log/proofs/inclusion?index=" + index + "&treeSize=" + treeSize);
        List<byte[]> path = new ArrayList<>();
        proof.path("hashes").forEach(h -> path.add(Base64.getDecoder().decode(h.asText())));
        try {
            Merkle.verifyInclusion(
                    index, treeSize, Base64.getDecoder().decode(leafHashBase64), path, checkpoint.rootHash());
        } catch (VerificationException e) {
            fail("stored leaf hash of log index " + index + ": " + e.getMessage());
        }
    }

    private long awaitLogSize(long atLeast) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        long size;
        do {
            size = Long.parseLong(getText("/v1/log/checkpoint").split("\n")[1]);
            if (size >= atLeast) {
                break;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return size;
    }

    private long pendingRows() {
        return count("select count(*) from outbox where submitted_at is null and rejected_at is null");
    }

    private long failedAttempts() {
        return count(
                "select count(*) from outbox where submitted_at is null and attempts > 0 and last_error is not null");
    }

    private long count(String sql) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code outbox_backlog} as Prometheus exposes it from the test application. */
    private static double backlogMetric() {
        return metric("outbox_backlog");
    }

    /** A gauge as Prometheus exposes it from the test application. */
    private static double metric(String name) {
        // the gauge is refreshed after each relay pass, so callers wait for the value they expect
        String metrics =
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " metric"));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        // polls; the relay runs on its own schedule
        Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private static String getText(String path) throws Exception {
        HttpResponse<String> r =
                HTTP.send(HttpRequest.newBuilder(audit(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    private static JsonNode getJson(String path) throws Exception {
        return JSON.readTree(getText(path));
    }

    private static URI audit(String path) {
        return AuditServiceResource.audit.baseUri().resolve(path);
    }
}
