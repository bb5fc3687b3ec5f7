package io.photosync.account.outbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.common.outbox.OutboxRelay;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: common's outbox relay against a log that refuses what breaks its limits ({@link RefusingLog}). A
 * bounded sign-in with a 3,000-character user agent is accepted; an event that breaks the limits (written
 * straight into the table, as a source without the bounds did) is kept, set aside, logged at ERROR, counted,
 * and the wellness check is DOWN until an operator deals with it, while readiness stays UP.
 */
@QuarkusTest
@TestProfile(RefusingLogProfile.class)
class RefusedEventAlarmTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Rows rows;

    @Inject
    OutboxRelay relay;

    private final List<LogRecord> relayErrors = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                relayErrors.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void setUp() {
        rows.forgetLocalSignInFailures();
        // set-aside events of an earlier, interrupted run of this test are not this run's
        rows.execute("update outbox set resolved_at = now(), resolution = 'left by an earlier test run'"
                + " where rejected_at is not null and resolved_at is null");
        Logger.getLogger(OutboxRelay.class.getName()).addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger(OutboxRelay.class.getName()).removeHandler(capture);
    }

    @Test
    void aBoundedSignInWithAThreeThousandCharacterUserAgentReachesTheLog() throws Exception {
        String login = Api.newLogin();
        Api.createAccount(login);
        String sessionId = Api.signIn(
                        TestDevice.generate(),
                        Api.signInBody(login, Api.PASSWORD, "phone"),
                        Map.of("User-Agent", "A".repeat(3000)))
                .then()
                .statusCode(201)
                .extract()
                .path("sessionId");
        drain();
        String id = rows.string(
                "select id::text from outbox where event_type = 'SIGN_IN' and event->>'sessionId' = ?", sessionId);
        assertTrue(RefusingLog.ACCEPTED_IDS.contains(id), "the log accepted the SIGN_IN event");
        assertNotNull(rows.string("select submitted_at::text from outbox where id = ?::uuid", id));
        assertNull(rows.string("select rejected_at::text from outbox where id = ?::uuid", id));
        assertEquals(List.of(), relayErrors);
        health("/q/health/well", 200, "UP");
    }

    @Test
    void anEventTheLogRefusesIsKeptSetAsideAndRaisesTheAlarmUntilAnOperatorDealsWithIt() throws Exception {
        health("/q/health/well", 200, "UP");
        UUID refused = UUID.randomUUID();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", refused.toString());
        event.put("type", "SIGN_IN");
        event.put("source", "account-service");
        event.put(
                "occurredAt",
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        event.put("accountId", UUID.randomUUID().toString());
        event.put("personal", Map.of("userAgent", "A".repeat(3000)));
        rows.execute(
                "insert into outbox (id, event_type, event, created_at) values (?::uuid, 'SIGN_IN', ?::jsonb, now())",
                refused.toString(),
                JSON.writeValueAsString(event));
        String login = Api.newLogin();
        Api.createAccount(login);

        drain();

        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where id = ?::uuid and rejected_at is not null"
                                + " and submitted_at is null",
                        refused.toString()),
                "kept, set aside, not submitted");
        String reason = rows.string("select last_error from outbox where id = ?::uuid", refused.toString());
        assertTrue(
                reason.startsWith("refused by audit-service with 400: ")
                        && reason.contains(
                                "events[0]: personal.userAgent is out of the log's limits (3000 characters)"),
                reason);
        assertEquals(
                0,
                rows.count("select count(*) from outbox where submitted_at is null and rejected_at is null"),
                "the events behind it still reached the log");
        assertTrue(
                relayErrors.stream()
                        .anyMatch(r -> r.getMessage() != null
                                && formatted(r).contains(refused.toString())
                                && formatted(r).contains("ALARM")),
                "logged at ERROR: "
                        + relayErrors.stream()
                                .map(RefusedEventAlarmTest::formatted)
                                .toList());

        JsonPath well = health("/q/health/well", 503, "DOWN");
        assertEquals("DOWN", well.getString("checks.find { it.name == 'outbox' }.status"));
        assertEquals(1, well.getInt("checks.find { it.name == 'outbox' }.data.setAside"));
        assertEquals(refused.toString(), well.getString("checks.find { it.name == 'outbox' }.data.oldestId"));
        assertEquals(
                "1 events refused by the log, missing from it",
                well.getString("checks.find { it.name == 'outbox' }.data.summary"));
        health("/q/health", 503, "DOWN");
        health("/q/health/ready", 200, "UP"); // deliberately no readiness check: see OutboxSetAsideCheck
        assertEquals(1.0, metric("outbox_set_aside"));
        assertTrue(metric("outbox_rejected_total") >= 1.0);

        // the relay never sends it again by itself, and never deletes it
        drain();
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where id = ?::uuid and rejected_at is not null",
                        refused.toString()));

        // the operator records why it stays out of the log: the alarm clears, the row stays
        rows.execute(
                "update outbox set resolved_at = now(), resolution = 'test: a source without bounds' where id ="
                        + " ?::uuid",
                refused.toString());
        health("/q/health/well", 200, "UP");
        drain();
        assertEquals(0.0, metric("outbox_set_aside"));
        assertEquals(1, rows.count("select count(*) from outbox where id = ?::uuid", refused.toString()));
    }

    /** Relays until nothing is pending (the scheduled tick may hold the relay lock for a moment). */
    private void drain() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (rows.count("select count(*) from outbox where submitted_at is null and rejected_at is null") > 0) {
            assertTrue(Instant.now().isBefore(deadline), "the relay drains the outbox");
            if (relay.relayDue() == 0) {
                Thread.sleep(50);
            }
        }
        relay.relayDue(); // refreshes the gauges once more
    }

    private static String formatted(LogRecord r) {
        Object[] p = r.getParameters();
        return p == null ? r.getMessage() : String.format(r.getMessage(), p);
    }

    private static JsonPath health(String path, int status, String overall) {
        return given().accept(ContentType.JSON)
                .get(path)
                .then()
                .statusCode(status)
                .body("status", org.hamcrest.Matchers.equalTo(overall))
                .extract()
                .jsonPath();
    }

    private static double metric(String name) {
        String metrics =
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " metric"));
    }
}
