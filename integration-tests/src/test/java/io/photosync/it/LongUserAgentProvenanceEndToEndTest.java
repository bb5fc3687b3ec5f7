package io.photosync.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.cli.verify.ReportVerifier;
import io.photosync.cli.verify.VerifierKey;
import io.photosync.testsupport.ServiceProcess;
import io.photosync.testsupport.TestDevice;
import io.photosync.testsupport.TestGeoIp;
import io.photosync.testsupport.TestPhotos;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 with all three services running for real: a phone whose User-Agent is 3,000 characters long (more
 * than the log takes in one string) signs in from Beijing and uploads a photo. Its SIGN_IN event reaches the log
 * with the user agent truncated, so the provenance answer for that phone shows the sign-in with its IP and
 * place, and no event of either source is set aside. Before the fix the log refused the event and the answer
 * showed an upload with no sign-in, no IP, no place.
 */
class LongUserAgentProvenanceEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple 42";
    private static final Duration LOG_DELAY = Duration.ofSeconds(60);
    private static final String LONG_USER_AGENT =
            "Mozilla/5.0 (Linux; Android 15) PhotoSync/1.0 " + "x".repeat(3000 - 46);
    private static final String MARKER = "…[truncated, 3000 chars]";

    private static Services services;
    private static AuditServiceProcess audit;
    private static ServiceProcess account;
    private static ServiceProcess sync;

    @BeforeAll
    static void startServices() throws Exception {
        services = Services.start("e2e_ua");
        audit = services.audit;
        account = services.account;
        sync = services.sync;
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void aPhoneWithAThreeThousandCharacterUserAgentHasItsSignInInTheProvenanceAnswer() throws Exception {
        String login = "eve-" + System.nanoTime();
        given().contentType("application/json")
                .body(Map.of("login", login, "password", PASSWORD, "displayName", login))
                .post(account.baseUrl() + "/v1/accounts")
                .then()
                .statusCode(201);
        Phone phone = new Phone(TestGeoIp.BEIJING_IP, LONG_USER_AGENT);
        phone.signIn(login, "New phone");
        String photoId =
                phone.upload(TestPhotos.jpegWithExif("Xiaomi", "Xiaomi 13", "2026:11:20 09:10:00", 30.2590, 120.1300));

        JsonNode report = awaitReport(phone, photoId);
        JsonNode signIn = null;
        JsonNode upload = null;
        for (JsonNode step : report.path("chain")) {
            if (step.path("step").asText().equals("SIGN_IN")
                    && phone.sessionId.equals(step.path("sessionId").asText())) {
                signIn = step;
            }
            if (step.path("step").asText().equals("UPLOAD")) {
                upload = step;
            }
        }
        assertTrue(signIn != null, "the phone's own sign-in is in the answer: " + report.path("chain"));
        assertTrue(upload != null, "and its upload: " + report.path("chain"));
        assertEquals(phone.id(), signIn.path("deviceId").asText());
        assertEquals("New phone", signIn.path("deviceName").asText());
        assertEquals(TestGeoIp.BEIJING_IP, signIn.path("ip").asText(), signIn.toString());
        assertEquals("Beijing", signIn.at("/location/city").asText(), signIn.toString());
        assertEquals("CN", signIn.at("/location/country").asText(), signIn.toString());
        if (signIn.has("userAgent")) {
            assertTrue(
                    signIn.path("userAgent").asText().endsWith(MARKER),
                    signIn.path("userAgent").asText());
        }
        assertEquals(phone.sessionId, upload.path("sessionId").asText());
        ReportVerifier.verify(
                JSON.writeValueAsBytes(report),
                VerifierKey.parse(given().get(audit.baseUri() + "/v1/log/key")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()));

        assertEquals(0, setAside("e2e_ua_account"), "account-service set no event aside");
        assertEquals(0, setAside("e2e_ua_sync"), "sync-service set no event aside");
        given().get(account.baseUrl() + "/q/health/well").then().statusCode(200);
        assertTrue(truncatedUserAgentInOutbox(phone.sessionId).endsWith(MARKER));
    }

    private static long setAside(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(AuditServiceProcess.jdbcUrl(database), "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from outbox where rejected_at is not null")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String truncatedUserAgentInOutbox(String sessionId) throws Exception {
        try (Connection c = DriverManager.getConnection(AuditServiceProcess.jdbcUrl("e2e_ua_account"), "postgres", "");
                var ps = c.prepareStatement("select event->'personal'->>'userAgent' from outbox"
                        + " where event_type = 'SIGN_IN' and event->>'sessionId' = ? and submitted_at is not null")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "the SIGN_IN event was acknowledged by the log");
                return rs.getString(1);
            }
        }
    }

    private static JsonNode awaitReport(Phone phone, String photoId) throws Exception {
        Instant deadline = Instant.now().plus(LOG_DELAY);
        String last;
        do {
            Response r = phone.askProvenance(photoId);
            last = r.statusCode() + " " + r.asString();
            if (r.statusCode() == 200) {
                JsonNode report = JSON.readTree(r.asString());
                boolean hasSignIn = false;
                for (JsonNode step : report.path("chain")) {
                    hasSignIn |= step.path("step").asText().equals("SIGN_IN");
                }
                if (hasSignIn) {
                    return report;
                }
            } else if (r.statusCode() != 404) {
                fail("provenance of " + photoId + ": " + last);
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(deadline));
        return fail("no sign-in in the answer within " + LOG_DELAY + "; last answer: " + last);
    }

    /** A phone behind the trusted proxy at {@code ip}, sending its (long) User-Agent on every request. */
    private static final class Phone {
        final TestDevice device = TestDevice.generate();
        final String ip;
        final String userAgent;
        String accessToken;
        String sessionId;

        Phone(String ip, String userAgent) {
            this.ip = ip;
            this.userAgent = userAgent;
        }

        String id() {
            return device.id();
        }

        void signIn(String login, String name) {
            String url = account.baseUrl() + "/v1/sessions";
            JsonNode tokens = given().header("DPoP", device.proof("POST", url))
                    .header("X-Forwarded-For", ip)
                    .header("User-Agent", userAgent)
                    .contentType("application/json")
                    .body(Map.of(
                            "login",
                            login,
                            "password",
                            PASSWORD,
                            "device",
                            Map.of("name", name, "model", "Pixel 9", "os", "Android 15", "appVersion", "1.0")))
                    .post(url)
                    .then()
                    .statusCode(201)
                    .extract()
                    .as(JsonNode.class);
            accessToken = tokens.path("accessToken").asText();
            sessionId = tokens.path("sessionId").asText();
        }

        String upload(byte[] jpeg) {
            String url = sync.baseUrl() + "/v1/photos";
            return authorized("POST", url)
                    .multiPart("file", "IMG.jpg", jpeg, "image/jpeg")
                    .post(url)
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("photoId");
        }

        Response askProvenance(String photoId) {
            String url = audit.baseUri() + "/v1/provenance/photos/" + photoId;
            return authorized("GET", url).queryParam("device", id()).get(url);
        }

        private RequestSpecification authorized(String method, String url) {
            return given().header("DPoP", device.proof(method, url, accessToken))
                    .header("Authorization", "DPoP " + accessToken)
                    .header("X-Forwarded-For", ip)
                    .header("User-Agent", userAgent);
        }
    }
}
