package io.photosync.cli.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RFC 9449 nonce exchange and the headers a device request carries, against a stub server. */
class DpopHttpClientTest {
    private static final String CHALLENGE =
            "DPoP algs=\"ES256\", error=\"use_dpop_nonce\", error_description=\"a fresh server nonce is required\"";

    private final ECKey key = DeviceNewCommand.generateKey();
    private final DpopHttpClient client =
            new DpopHttpClient(new DpopProofs(key, Clock.systemUTC()), "203.0.113.7", "test-agent");

    /** Demands nonce "n1" from requests without it, then accepts them and hands out "n2" for next time. */
    private static StubServer.Response nonceDemandingServer(StubServer.Request request) {
        String nonce = claims(request).getClaim("nonce") instanceof String s ? s : null;
        if (nonce == null) {
            return new StubServer.Response(
                    401,
                    Map.of(
                            "WWW-Authenticate",
                            CHALLENGE,
                            "DPoP-Nonce",
                            "n1",
                            "Content-Type",
                            "application/problem+json"),
                    "{\"title\":\"Unauthorized\",\"status\":401}");
        }
        return new StubServer.Response(
                200,
                Map.of("DPoP-Nonce", "n2", "Content-Type", "application/json"),
                "{\"nonceSeen\":\"" + nonce + "\"}");
    }

    @Test
    void aNonceChallengeIsAnsweredOnceWithAFreshProofCarryingTheNonce() throws Exception {
        try (StubServer server = new StubServer(DpopHttpClientTest::nonceDemandingServer)) {
            HttpResponse<byte[]> response =
                    client.send("sync-service", "GET", server.uri("/v1/sync/changes?limit=5"), null, "tok");

            assertEquals(200, response.statusCode());
            List<StubServer.Request> requests = server.requests();
            assertEquals(2, requests.size(), "one retry, no more");
            JWTClaimsSet first = claims(requests.get(0));
            JWTClaimsSet retry = claims(requests.get(1));
            assertNull(first.getClaim("nonce"));
            assertEquals("n1", retry.getStringClaim("nonce"));
            assertTrue(!first.getJWTID().equals(retry.getJWTID()), "the retry is a new proof, not a replay");
            for (StubServer.Request request : requests) {
                assertTrue(SignedJWT.parse(request.header("DPoP")).verify(new ECDSAVerifier(key.toECPublicKey())));
                assertEquals("DPoP tok", request.header("Authorization"));
                assertEquals("203.0.113.7", request.header("X-Forwarded-For"));
                assertEquals("limit=5", request.query());
            }
        }
    }

    @Test
    void theLastNonceAServerGaveIsUsedFromTheStart() throws Exception {
        try (StubServer server = new StubServer(DpopHttpClientTest::nonceDemandingServer)) {
            client.send("sync-service", "GET", server.uri("/a"), null, "tok");
            client.send("sync-service", "GET", server.uri("/b"), null, "tok");

            assertEquals(3, server.requests().size(), "the second call needs no challenge");
            assertEquals("n2", claims(server.requests().get(2)).getStringClaim("nonce"));
        }
    }

    @Test
    void theAuthorizationServerForm400UseDpopNonceIsAnsweredToo() throws Exception {
        try (StubServer server = new StubServer(request -> claims(request).getClaim("nonce") == null
                ? new StubServer.Response(
                        400,
                        Map.of("DPoP-Nonce", "as-1", "Content-Type", "application/json"),
                        "{\"error\":\"use_dpop_nonce\",\"error_description\":\"nonce required\"}")
                : StubServer.Response.json(201, "{}"))) {
            HttpResponse<byte[]> response = client.send(
                    "account-service",
                    "POST",
                    server.uri("/v1/sessions"),
                    DpopHttpClient.Body.json(Map.of("login", "alice")),
                    null);

            assertEquals(201, response.statusCode());
            assertEquals("as-1", claims(server.requests().get(1)).getStringClaim("nonce"));
            assertNull(server.requests().get(1).header("Authorization"));
            assertEquals(
                    server.requests().get(0).bodyText(),
                    server.requests().get(1).bodyText(),
                    "the body is sent again unchanged");
            assertEquals(
                    "alice",
                    Json.MAPPER
                            .readTree(server.requests().get(1).body())
                            .path("login")
                            .asText());
        }
    }

    @Test
    void aServerThatKeepsDemandingANonceGetsOneRetryThenItsAnswer() throws Exception {
        try (StubServer server = new StubServer(request ->
                new StubServer.Response(401, Map.of("WWW-Authenticate", CHALLENGE, "DPoP-Nonce", "again"), null))) {
            HttpResponse<byte[]> response = client.send("sync-service", "GET", server.uri("/x"), null, "tok");
            assertEquals(401, response.statusCode());
            assertEquals(2, server.requests().size());
        }
    }

    @Test
    void otherRefusalsAreNotRetried() throws Exception {
        try (StubServer server = new StubServer(request -> new StubServer.Response(
                401, Map.of("WWW-Authenticate", "DPoP error=\"invalid_token\"", "DPoP-Nonce", "n"), null))) {
            assertEquals(
                    401,
                    client.send("sync-service", "GET", server.uri("/x"), null, "tok")
                            .statusCode());
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void anUnreachableServiceIsNamed() {
        CliFailure failure = assertThrows(
                CliFailure.class,
                () -> client.send("audit-service", "GET", java.net.URI.create("http://127.0.0.1:1/v1/x"), null, null));
        assertTrue(failure.getMessage().contains("cannot reach audit-service"), failure.getMessage());
    }

    private static JWTClaimsSet claims(StubServer.Request request) {
        try {
            return SignedJWT.parse(request.header("DPoP")).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }
}
