package io.photosync.account.rest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: a sign-in whose SIGN_IN event cannot be written is no sign-in. A trigger in the test database makes
 * the outbox insert fail for one device name only (the real writer, the real transaction): the answer is a 500
 * problem without tokens and nothing of the sign-in is left behind.
 */
@QuarkusTest
class SignInFailsClosedTest {
    private static final String FAILING_NAME = "outbox write fails for this phone";

    @Inject
    Rows rows;

    String login;

    @BeforeEach
    void setUp() {
        rows.forgetLocalSignInFailures();
        rows.execute("""
            create or replace function test_fail_outbox_insert() returns trigger language plpgsql as $$
            begin
              if new.event->'personal'->>'deviceName' = '%s' then
                raise exception 'outbox insert refused by a test trigger';
              end if;
              return new;
            end $$\
            """.formatted(FAILING_NAME));
        rows.execute("drop trigger if exists test_fail_outbox_insert on outbox");
        rows.execute("create trigger test_fail_outbox_insert before insert on outbox for each row execute function"
                + " test_fail_outbox_insert()");
        login = Api.newLogin();
        Api.createAccount(login);
    }

    @AfterEach
    void dropTrigger() {
        rows.execute("drop trigger if exists test_fail_outbox_insert on outbox");
        rows.execute("drop function if exists test_fail_outbox_insert()");
    }

    @Test
    void aSignInWhoseEventCannotBeWrittenFailsWithAServerProblemAndLeavesNothingBehind() {
        String before = rows.writeFingerprint();
        TestDevice device = TestDevice.generate();
        Api.signIn(device, Api.signInBody(login, Api.PASSWORD, FAILING_NAME), Map.of("User-Agent", "U".repeat(3000)))
                .then()
                .statusCode(500)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:photosync:problem:event-not-recorded"))
                .body("status", equalTo(500))
                .body("detail", not(containsString("trigger")))
                .body("accessToken", nullValue())
                .body("refreshToken", nullValue())
                .body("sessionId", nullValue());
        assertEquals(before, rows.writeFingerprint(), "no session, device, token, alert or event of the sign-in");
        assertEquals(0, rows.count("select count(*) from device where device_id = ?", device.id()));

        // the same phone signs in once the outbox takes its event: a first sign-in, as nothing was half-written
        String sessionId = Api.signIn(device, Api.signInBody(login, Api.PASSWORD, "a working phone"), Map.of())
                .then()
                .statusCode(201)
                .extract()
                .path("sessionId");
        assertEquals(
                "true",
                rows.string(
                        "select event->'data'->>'deviceFirstSeen' from outbox where event_type = 'SIGN_IN'"
                                + " and event->>'sessionId' = ?",
                        sessionId));
    }
}
