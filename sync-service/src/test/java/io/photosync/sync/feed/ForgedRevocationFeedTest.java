package io.photosync.sync.feed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.photosync.testsupport.AccountServiceResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A revocation feed that is not account-service's (a relay on 127.0.0.1 in its place) is refused and readiness goes
 * DOWN at once; the real feed through the same relay is taken and readiness comes back UP.
 */
@QuarkusTest
@WithTestResource(value = FeedRelay.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ForgedRevocationFeedTest {

    @AfterEach
    void backToTheRealFeed() {
        FeedRelay.relay();
    }

    /** The revocation-feed check, once it has the status wanted (within 12 s). */
    private static JsonPath feedCheck(String status) throws InterruptedException {
        long until = System.currentTimeMillis() + 12000;
        JsonPath check;
        do {
            check = new JsonPath(given().get("/q/health/ready").then().extract().asString())
                    .setRootPath("checks.find { it.name == 'revocation-feed' }");
            if (status.equals(check.getString("status"))) {
                return check;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < until);
        return fail("revocation-feed did not turn " + status + ": " + check.prettify());
    }

    private static String realKid() throws Exception {
        String jwks = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(FeedRelay.accountUrl() + "/v1/keys"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return JWKSet.parse(jwks).getKeys().getFirst().getKeyID();
    }

    /** A well-formed page answering the poller's request exactly, signed by {@code key} under {@code kid}. */
    private static FeedRelay.Forged signedBy(ECKey key, String kid, Map<String, String> query) {
        return signed(
                key,
                kid,
                "{\"revocations\":[],\"nextCursor\":" + query.getOrDefault("since", "0") + ",\"more\":false,\"since\":"
                        + query.getOrDefault("since", "null") + ",\"nonce\":\"" + query.get("nonce") + "\"}");
    }

    /**
     * account-service's own signing key, read from its database (the account-service of these tests stores it
     * unwrapped): it stands for a signer that goes wrong, to show that a signature alone does not make a page good.
     */
    private static ECKey realSigningKey() throws Exception {
        try (Connection c = DriverManager.getConnection(AccountServiceResource.databaseUrl(), "postgres", "");
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "select private_jwk from signing_key where activates_at <= now() order by activates_at"
                                        + " desc limit 1")) {
            rs.next();
            return ECKey.parse(rs.getString(1));
        }
    }

    private static FeedRelay.Forged signed(ECKey key, String kid, String page) {
        try {
            JWSObject jws = new JWSObject(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(new JOSEObjectType("revocations+jwt"))
                            .keyID(kid)
                            .build(),
                    new Payload(page));
            jws.sign(new ECDSASigner(key));
            return new FeedRelay.Forged("application/jwt", jws.serialize());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnsignedEmptyObjectIsRefusedAndReadinessGoesDown() throws Exception {
        feedCheck("UP");
        FeedRelay.forge(query -> new FeedRelay.Forged("application/json", "{}"));
        assertEquals("page is not a compact JWS", feedCheck("DOWN").getString("data.refused"));
        given().get("/q/health/ready").then().statusCode(503);
        FeedRelay.relay();
        assertEquals("no", feedCheck("UP").getString("data.refused"));
    }

    @Test
    void aPageSignedByAnotherKeyIsRefusedEvenUnderTheRealKeysId() throws Exception {
        feedCheck("UP");
        ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();
        String kid = realKid();
        FeedRelay.forge(query -> signedBy(attacker, kid, query));
        assertEquals("page signature is invalid", feedCheck("DOWN").getString("data.refused"));
        FeedRelay.relay();
        feedCheck("UP");

        FeedRelay.forge(query -> signedBy(attacker, "attacker", query));
        assertThat(feedCheck("DOWN").getString("data.refused"), containsString("not one account-service publishes"));
        given().get("/q/health/ready").then().statusCode(503);
    }

    @Test
    void aTruncatedRealPageIsRefused() throws Exception {
        feedCheck("UP");
        FeedRelay.forge(query -> {
            String real = signedPage(query);
            return new FeedRelay.Forged("application/jwt", real.substring(0, real.length() - 8));
        });
        feedCheck("DOWN");
    }

    @Test
    void signedPagesThatAreMalformedReplayedOrGoBackwardsAreRefused() throws Exception {
        ECKey key = realSigningKey();
        String kid = key.getKeyID();
        Map<String, Function<Map<String, String>, String>> badPages = Map.of(
                "page lacks revocations, nextCursor or more",
                q -> "{\"nextCursor\":" + q.get("since") + ",\"more\":false,\"since\":" + q.get("since")
                        + ",\"nonce\":\"" + q.get("nonce") + "\"}",
                "page answers another request (nonce or since differ): replayed",
                q -> "{\"revocations\":[],\"nextCursor\":" + q.get("since") + ",\"more\":false,\"since\":"
                        + q.get("since") + ",\"nonce\":\"an-earlier-nonce-0000\"}",
                "is below ours",
                q -> "{\"revocations\":[],\"nextCursor\":" + (Long.parseLong(q.get("since")) - 1)
                        + ",\"more\":false,\"since\":" + q.get("since") + ",\"nonce\":\"" + q.get("nonce") + "\"}");
        for (Map.Entry<String, Function<Map<String, String>, String>> bad : badPages.entrySet()) {
            feedCheck("UP");
            FeedRelay.forge(query -> signed(key, kid, bad.getValue().apply(query)));
            assertThat(feedCheck("DOWN").getString("data.refused"), containsString(bad.getKey()));
            FeedRelay.relay();
        }
    }

    @Test
    void aFeedThatAlwaysHasMoreIsNeverFresh() throws Exception {
        ECKey key = realSigningKey();
        feedCheck("UP");
        // Every page has one revocation and says there is more: the poller follows 100 pages a poll and stays behind.
        FeedRelay.forge(query -> {
            long since = Long.parseLong(query.get("since"));
            return signed(
                    key,
                    key.getKeyID(),
                    "{\"revocations\":[{\"sessionId\":\"" + UUID.randomUUID() + "\",\"revokedAt\":\""
                            + Instant.now() + "\"}],\"nextCursor\":" + (since + 1) + ",\"more\":true,\"since\":" + since
                            + ",\"nonce\":\"" + query.get("nonce") + "\"}");
        });
        assertEquals("no", feedCheck("DOWN").getString("data.refused"), "behind, not refused");
        FeedRelay.relay();
        feedCheck("UP");
    }

    /** account-service's own page for this query. */
    private static String signedPage(Map<String, String> query) {
        String q = "nonce=" + query.get("nonce") + (query.containsKey("since") ? "&since=" + query.get("since") : "");
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(FeedRelay.accountUrl() + "/v1/revocations?" + q))
                                    .header("Accept", "application/jwt")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
