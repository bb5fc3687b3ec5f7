package io.photosync.account.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.account.Api;
import io.photosync.account.ThrottleBurstProfile;
import io.photosync.testsupport.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Parallel wrong-password bursts: an attempt is counted before its password is hashed, so no more attempts
 * reach the password check (401) than the limit allows; the rest are 429 with Retry-After.
 */
@QuarkusTest
@TestProfile(ThrottleBurstProfile.class)
class ThrottleBurstTest {
    private static final Random RANDOM = new Random();

    private static Map<String, String> from(String ip) {
        return Map.of("X-Forwarded-For", ip);
    }

    private static String randomAddress(String prefix) {
        return prefix + (1 + RANDOM.nextInt(250));
    }

    /**
     * Fires the attempts at once; answers how many were 401, checking that every other one was a 429 with Retry-After.
     */
    private static int checkedAttempts(int n, IntFunction<Response> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return attempt.apply(index);
                }));
            }
            start.countDown();
            int checked = 0;
            for (Future<Response> answer : answers) {
                Response r = answer.get();
                if (r.statusCode() == 401) {
                    checked++;
                } else {
                    assertEquals(429, r.statusCode(), r.asString());
                    assertTrue(Long.parseLong(r.header("Retry-After")) >= 1, "Retry-After " + r.header("Retry-After"));
                }
            }
            return checked;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixtyParallelWrongPasswordsForOneLoginReachThePasswordCheckFiveTimes() throws Exception {
        String login = Api.newLogin();
        Api.createAccount(login);
        List<TestDevice> devices = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            devices.add(TestDevice.generate());
        }
        // Each from an address of its own: only the per-login limit holds them.
        int checked = checkedAttempts(
                60,
                i -> Api.signIn(
                        devices.get(i),
                        Api.signInBody(login, "wrong password " + i, "p"),
                        from("203.0.113." + (i + 1))));
        assertEquals(ThrottleBurstProfile.PER_LOGIN, checked, "attempts that reached the password check");

        // The correct password waits for the window too, then works.
        TestDevice owner = TestDevice.generate();
        Response throttled = Api.signIn(owner, Api.signInBody(login, Api.PASSWORD, "p"), from("192.0.2.10"));
        throttled.then().statusCode(429);
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 11, "Retry-After " + retryAfter);
        Thread.sleep(retryAfter * 1000);
        Api.signedIn(login, owner, from("192.0.2.10"));
    }

    @Test
    void aParallelBurstFromOneAddressReachesThePasswordCheckPerIpTimesAndItsKnownDevicesStillSignIn() throws Exception {
        String shared = randomAddress("198.51.100.");
        String login = Api.newLogin();
        Api.createAccount(login);
        // A correct sign-in from the address, before the burst: it uses up none of the address's budget.
        TestDevice knownPhone = TestDevice.generate();
        Api.signedIn(login, knownPhone, from(shared));

        List<TestDevice> devices = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            devices.add(TestDevice.generate());
        }
        int checked = checkedAttempts(
                40,
                i -> Api.signIn(devices.get(i), Api.signInBody(Api.newLogin(), "wrong password", "p"), from(shared)));
        assertEquals(ThrottleBurstProfile.PER_IP, checked, "attempts that reached the password check");

        // The address is used up: a new device, even with the right password, waits for the window ...
        Api.signIn(TestDevice.generate(), Api.signInBody(login, Api.PASSWORD, "new phone"), from(shared))
                .then()
                .statusCode(429);
        // ... but a device that has signed in to the login before is held to the per-login limit only.
        Api.signedIn(login, knownPhone, from(shared));
    }
}
