package io.photosync.sync.feed;

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
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

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

    /** The revocation-feed check, once it has the status wanted (within 8 s). */
    private static JsonPath feedCheck(String status) throws InterruptedException {
        long until = System.currentTimeMillis() + 8000;
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
        String jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(FeedRelay.accountUrl() + "/v1/keys")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return JWKSet.parse(jwks).getKeys().getFirst().getKeyID();
    }

    /** A well-formed page answering the poller's request exactly, signed by {@code key} under {@code kid}. */
    private static FeedRelay.Forged signedBy(ECKey key, String kid, Map<String, String> query) {
        String page = "{\"revocations\":[],\"nextCursor\":" + query.getOrDefault("since", "0") + ",\"more\":false,\"since\":"
                + query.getOrDefault("since", "null") + ",\"nonce\":\"" + query.get("nonce") + "\"}";
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("revocations+jwt"))
                    .keyID(kid).build(), new Payload(page));
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

    /** account-service's own page for this query. */
    private static String signedPage(Map<String, String> query) {
        String q = "nonce=" + query.get("nonce") + (query.containsKey("since") ? "&since=" + query.get("since") : "");
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(FeedRelay.accountUrl() + "/v1/revocations?" + q))
                    .header("Accept", "application/jwt").build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
