package io.photosync.account.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.testsupport.TestDevice;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RefreshTest {
    @Inject
    Rows rows;

    @Inject
    EntityManager em;

    @Test
    void refreshRotatesTheRefreshToken() {
        Api.Signed signed = Api.newAccountSignedIn();
        UUID sessionId = UUID.fromString(signed.sessionId());
        rows.execute(
                "update device_session set last_seen_at = last_seen_at - interval '1 hour', last_seen_ip = '192.0.2.1'"
                        + " where id = ?",
                sessionId);
        Response r = Api.refresh(signed.device(), signed.refreshToken());
        r.then()
                .statusCode(200)
                .body("tokenType", equalTo("DPoP"))
                .body("sessionId", equalTo(signed.sessionId()))
                .body("deviceId", equalTo(signed.device().id()));
        assertNotEquals(signed.refreshToken(), r.path("refreshToken"));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from device_session where id = ? and last_seen_at > now() - interval '1"
                                + " minute' and last_seen_ip <> '192.0.2.1'",
                        sessionId),
                "a refresh records the session as seen");
        assertEquals(
                1,
                rows.count(
                        "select count(*) from refresh_token where session_id = ? and spent_at is not null", sessionId));
        Api.Signed renewed = new Api.Signed(
                signed.device(),
                r.path("accessToken"),
                r.path("refreshToken"),
                signed.sessionId(),
                signed.accountLogin());
        renewed.get("/v1/me/sessions").then().statusCode(200);
        Api.refresh(signed.device(), renewed.refreshToken()).then().statusCode(200);
        assertEquals(
                2,
                rows.count(
                        "select count(*) from outbox where event_type = 'TOKEN_REFRESHED' and event->>'sessionId' = ?",
                        signed.sessionId()));
        assertEquals(
                0,
                rows.count("select count(*) from refresh_token where token_hash = ?", signed.refreshToken()),
                "only hashes are stored");
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheSessionAndRaisesAnAlert() {
        Api.Signed signed = Api.newAccountSignedIn();
        Response first = Api.refresh(signed.device(), signed.refreshToken());
        first.then().statusCode(200);
        String newAccess = first.path("accessToken");

        Api.refresh(signed.device(), signed.refreshToken())
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("already used"));

        // The session is gone everywhere at once: the newest access token and refresh token are dead too.
        Api.Signed current = new Api.Signed(
                signed.device(), newAccess, first.path("refreshToken"), signed.sessionId(), signed.accountLogin());
        current.get("/v1/me/sessions")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"));
        Api.refresh(signed.device(), first.path("refreshToken")).then().statusCode(401);
        assertEquals(
                "refresh_token_reuse",
                rows.string(
                        "select revoked_reason from device_session where id = ?", UUID.fromString(signed.sessionId())));
        assertEquals(
                "system",
                rows.string("select revoked_by from device_session where id = ?", UUID.fromString(signed.sessionId())));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from alert where alert_type = 'REFRESH_TOKEN_REUSE' and session_id = ?",
                        UUID.fromString(signed.sessionId())));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'REFRESH_TOKEN_REUSE' and event->>'sessionId'"
                                + " = ?",
                        signed.sessionId()));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'SESSION_REVOKED' and event->>'sessionId' = ?",
                        signed.sessionId()));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'ALERT_RAISED' and event->'data'->>'alertType'"
                                + " = 'REFRESH_TOKEN_REUSE' and event->>'sessionId' = ?",
                        signed.sessionId()));
        given().get("/v1/revocations")
                .then()
                .statusCode(200)
                .body("revocations.sessionId", hasItem(signed.sessionId()));

        // Another device of the same account sees the alert.
        Api.Signed other = Api.signedIn(signed.accountLogin(), TestDevice.generate(), Map.of());
        other.get("/v1/me/alerts").then().statusCode(200).body("type", hasItem("REFRESH_TOKEN_REUSE"));
    }

    @Test
    void aRefreshTokenShownWithAnotherKeyIsRefusedAndRaisesAnAlertWithoutSigningTheSessionOut() {
        Api.Signed signed = Api.newAccountSignedIn();
        TestDevice thief = TestDevice.generate();
        UUID sessionId = UUID.fromString(signed.sessionId());
        Api.refresh(thief, signed.refreshToken())
                .then()
                .statusCode(401)
                .body("detail", containsString("another device key"));

        signed.get("/v1/me/alerts")
                .then()
                .statusCode(200)
                .body("find { it.type == 'REFRESH_TOKEN_WRONG_KEY' }.sessionId", equalTo(signed.sessionId()));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'REFRESH_TOKEN_WRONG_KEY' and"
                                + " event->>'sessionId' = ? and event->'data'->>'presentedDeviceId' = ? and"
                                + " event->'personal'->>'ip' is not null",
                        signed.sessionId(),
                        thief.id()));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'ALERT_RAISED' and event->>'sessionId' = ?"
                                + " and event->'data'->>'alertType' = 'REFRESH_TOKEN_WRONG_KEY'",
                        signed.sessionId()));
        assertEquals(
                0,
                rows.count("select count(*) from device_session where id = ? and revoked_at is not null", sessionId),
                "the session is not signed out");
        assertEquals(
                0,
                rows.count(
                        "select count(*) from refresh_token where session_id = ? and spent_at is not null", sessionId),
                "the token is not spent");

        // The session goes on with its own key.
        Api.refresh(signed.device(), signed.refreshToken()).then().statusCode(200);
        signed.get("/v1/me/sessions").then().statusCode(200);
    }

    @Test
    void
            replayingAStolenRefreshTokenWithAnotherKeyRaisesOneAlertAndOneEventPerWindowYetEveryAttemptIsRefusedAndCounted()
                    throws Exception {
        Api.Signed signed = Api.newAccountSignedIn();
        UUID sessionId = UUID.fromString(signed.sessionId());
        double recordedBefore = wrongKeyAttempts("true");
        double absorbedBefore = wrongKeyAttempts("false");
        TestDevice thief = TestDevice.generate();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                attempts.add(pool.submit(
                        () -> Api.refresh(thief, signed.refreshToken()).statusCode()));
            }
            for (Future<Integer> attempt : attempts) {
                assertEquals(401, attempt.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                1,
                rows.count(
                        "select count(*) from alert where alert_type = 'REFRESH_TOKEN_WRONG_KEY' and session_id = ?",
                        sessionId));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'REFRESH_TOKEN_WRONG_KEY' and"
                                + " event->>'sessionId' = ?",
                        signed.sessionId()));
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'ALERT_RAISED' and event->>'sessionId' = ?"
                                + " and event->'data'->>'alertType' = 'REFRESH_TOKEN_WRONG_KEY'",
                        signed.sessionId()));
        assertEquals(1, wrongKeyAttempts("true") - recordedBefore);
        assertEquals(23, wrongKeyAttempts("false") - absorbedBefore);

        // Once the window (account.alerts.wrong-key-window, 1 h) has passed since that alert, the next attempt is one
        // again.
        rows.execute(
                "update alert set created_at = created_at - interval '61 minutes' where session_id = ?", sessionId);
        Api.refresh(thief, signed.refreshToken()).then().statusCode(401);
        assertEquals(
                2,
                rows.count(
                        "select count(*) from alert where alert_type = 'REFRESH_TOKEN_WRONG_KEY' and session_id = ?",
                        sessionId));
        assertEquals(
                2,
                rows.count(
                        "select count(*) from outbox where event_type = 'REFRESH_TOKEN_WRONG_KEY' and"
                                + " event->>'sessionId' = ?",
                        signed.sessionId()));
        Api.refresh(signed.device(), signed.refreshToken()).then().statusCode(200);
    }

    @Test
    void aProofServesOneRefreshOnly() {
        Api.Signed signed = Api.newAccountSignedIn();
        String proof = signed.device().proof("POST", Api.url("/v1/sessions/refresh"));
        Response first = Api.refresh(proof, signed.refreshToken());
        first.then().statusCode(200);
        assertRefusedAsAReplay(Api.refresh(proof, first.path("refreshToken")));
        assertEquals(
                0,
                rows.count(
                        "select count(*) from device_session where id = ? and revoked_at is not null",
                        UUID.fromString(signed.sessionId())),
                "a replayed proof is refused before its refresh token is looked at");
        Api.refresh(signed.device(), first.path("refreshToken")).then().statusCode(200);
    }

    @Test
    void twoConcurrentRefreshesWithTheSameProofGiveExactlyOneSuccess() throws Exception {
        Api.Signed signed = Api.newAccountSignedIn();
        UUID sessionId = UUID.fromString(signed.sessionId());
        String proof = signed.device().proof("POST", Api.url("/v1/sessions/refresh"));
        // One of them records the proof's jti and waits for the session's row, the other waits on that jti's key.
        List<Response> answers = whileTheSessionIsLocked(sessionId, () -> Api.refresh(proof, signed.refreshToken()));
        List<Response> refreshed =
                answers.stream().filter(r -> r.statusCode() == 200).toList();
        assertEquals(1, refreshed.size(), "exactly one refresh succeeds");
        answers.stream().filter(r -> r.statusCode() != 200).forEach(RefreshTest::assertRefusedAsAReplay);
        assertEquals(
                1,
                rows.count(
                        "select count(*) from outbox where event_type = 'TOKEN_REFRESHED' and event->>'sessionId' = ?",
                        signed.sessionId()));
        assertEquals(
                0,
                rows.count("select count(*) from device_session where id = ? and revoked_at is not null", sessionId),
                "the refused use is a replayed proof, not a reused refresh token");
        Api.refresh(signed.device(), refreshed.get(0).path("refreshToken"))
                .then()
                .statusCode(200);
    }

    @Test
    void twoConcurrentRefreshesOfOneTokenGiveOneSuccessAndTheOtherRevokesTheSessionAsAReuse() throws Exception {
        Api.Signed signed = Api.newAccountSignedIn();
        UUID sessionId = UUID.fromString(signed.sessionId());
        // Each with a proof of its own, both wait for the session's row; the second finds the token spent.
        List<Response> answers =
                whileTheSessionIsLocked(sessionId, () -> Api.refresh(signed.device(), signed.refreshToken()));
        assertEquals(
                List.of(200, 401),
                answers.stream().map(Response::statusCode).sorted().toList());
        answers.stream()
                .filter(r -> r.statusCode() != 200)
                .forEach(r -> r.then().body("detail", containsString("already used")));
        assertEquals(
                "refresh_token_reuse",
                rows.string("select revoked_reason from device_session where id = ?", sessionId));
    }

    /**
     * Sends {@code request} twice at once while a transaction of the test holds the session's row, and lets go once
     * both wait for a lock: both are then inside their own transactions together.
     */
    private List<Response> whileTheSessionIsLocked(UUID sessionId, Callable<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Response>> attempts = new ArrayList<>();
            QuarkusTransaction.requiringNew().run(() -> {
                em.createNativeQuery("select id from device_session where id = ?1 for update")
                        .setParameter(1, sessionId)
                        .getResultList();
                attempts.add(pool.submit(request));
                attempts.add(pool.submit(request));
                awaitWaitingOnLocks(2);
            });
            List<Response> answers = new ArrayList<>();
            for (Future<Response> attempt : attempts) {
                answers.add(attempt.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The answer to a replayed proof, as DpopVerifier gives it for every endpoint. */
    private static void assertRefusedAsAReplay(Response r) {
        r.then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("error=\"invalid_dpop_proof\""))
                .body("detail", containsString("jti replay"));
    }

    /** Waits until {@code count} other connections to this database wait for a lock; inside a transaction too. */
    private void awaitWaitingOnLocks(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // pg_stat_activity is read once per transaction unless its snapshot is dropped.
        while (rows.count("select count(*) from (select pg_stat_clear_snapshot()) s") == 1
                && rows.count("select count(*) from pg_stat_activity where datname = current_database() and"
                                + " wait_event_type = 'Lock'")
                        < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the refreshes did not both reach their transactions");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** {@code account_refresh_wrong_key_total{recorded=...}} from the Prometheus endpoint; 0 before the first. */
    private static double wrongKeyAttempts(String recorded) {
        String prefix = "account_refresh_wrong_key_total{recorded=\"" + recorded + "\"}";
        return given().get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(prefix.length()).trim()))
                .findFirst()
                .orElse(0);
    }

    @Test
    void anUnknownRefreshTokenIs401AndChangesNothing() {
        String before = rows.writeFingerprint();
        Api.refresh(TestDevice.generate(), "not-a-token")
                .then()
                .statusCode(401)
                .body("detail", containsString("unknown"));
        assertEquals(before, rows.writeFingerprint());
    }

    @Test
    void refreshNeedsAProofAndARefreshToken() {
        Api.Signed signed = Api.newAccountSignedIn();
        String before = rows.writeFingerprint();
        given().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", signed.refreshToken()))
                .post("/v1/sessions/refresh")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_dpop_proof"));
        given().contentType(ContentType.JSON)
                .header("DPoP", signed.device().proof("POST", Api.url("/v1/sessions/refresh")))
                .body(Map.of())
                .post("/v1/sessions/refresh")
                .then()
                .statusCode(400)
                .body("detail", containsString("refreshToken"));
        assertEquals(before, rows.writeFingerprint());
    }
}
