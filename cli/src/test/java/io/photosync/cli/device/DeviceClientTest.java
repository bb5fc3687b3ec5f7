package io.photosync.cli.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in, token refresh and rotation mechanics of the device client, against a stub server. */
class DeviceClientTest {
    @TempDir
    Path home;

    private final ECKey key = DeviceNewCommand.generateKey();

    /** Accepts only the newest access token; rotates refresh tokens refresh-N -> refresh-(N+1). */
    private static StubServer.Response tokenServer(StubServer.Request request) {
        if (request.path().equals("/v1/sessions/refresh")) {
            String presented = readJson(request.bodyText()).path("refreshToken").asText();
            if (!presented.equals("refresh-1")) {
                return new StubServer.Response(
                        401,
                        Map.of("Content-Type", "application/problem+json"),
                        "{\"title\":\"Refresh token reused\",\"status\":401,\"detail\":\"the session was revoked\"}");
            }
            return StubServer.Response.json(
                    200,
                    "{\"accessToken\":\"access-2\",\"tokenType\":\"DPoP\",\"expiresIn\":300,\"refreshToken\":\"refresh-2\"}");
        }
        if ("DPoP access-2".equals(request.header("Authorization"))) {
            return StubServer.Response.json(200, "{\"sessions\":[]}");
        }
        return new StubServer.Response(401, Map.of("WWW-Authenticate", "DPoP error=\"invalid_token\""), null);
    }

    @Test
    void anExpiredAccessTokenIsRefreshedFirstAndTheRotatedRefreshTokenIsStored() throws Exception {
        try (StubServer server = new StubServer(DeviceClientTest::tokenServer)) {
            DeviceClient client =
                    client(server, new StoredSession("alice", "s-1", "access-1", "refresh-1", "2000-01-01T00:00:00Z"));

            JsonNode answer = client.call(Service.ACCOUNT, "GET", "/v1/me/sessions", null);

            assertTrue(answer.path("sessions").isArray());
            List<StubServer.Request> requests = server.requests();
            assertEquals(
                    List.of("/v1/sessions/refresh", "/v1/me/sessions"),
                    requests.stream().map(StubServer.Request::path).toList());
            JWTClaimsSet refreshProof =
                    SignedJWT.parse(requests.get(0).header("DPoP")).getJWTClaimsSet();
            assertNull(refreshProof.getClaim("ath"), "the refresh request presents no access token");
            assertEquals(server.uri("/v1/sessions/refresh").toString(), refreshProof.getStringClaim("htu"));
            StoredSession stored = client.home().requireSession();
            assertEquals("refresh-2", stored.refreshToken());
            assertEquals("access-2", stored.accessToken());
            assertEquals("s-1", stored.sessionId(), "the session id stays when the refresh answer omits it");
            assertTrue(Instant.parse(stored.accessTokenExpiresAt())
                    .isAfter(Instant.now().plusSeconds(200)));
        }
    }

    @Test
    void aTokenTheServerNoLongerAcceptsIsRefreshedOnceAndTheCallRetried() throws Exception {
        try (StubServer server = new StubServer(DeviceClientTest::tokenServer)) {
            DeviceClient client =
                    client(server, new StoredSession("alice", "s-1", "access-1", "refresh-1", "2999-01-01T00:00:00Z"));

            client.call(Service.ACCOUNT, "GET", "/v1/me/sessions", null);

            assertEquals(
                    List.of("/v1/me/sessions", "/v1/sessions/refresh", "/v1/me/sessions"),
                    server.requests().stream().map(StubServer.Request::path).toList());
            assertEquals("DPoP access-2", server.requests().get(2).header("Authorization"));
        }
    }

    @Test
    void aRefusedRefreshEndsTheCommandWithAHintToSignInAgain() throws Exception {
        try (StubServer server = new StubServer(DeviceClientTest::tokenServer)) {
            StoredSession spent = new StoredSession("alice", "s-1", "access-0", "refresh-0", "2000-01-01T00:00:00Z");
            DeviceClient client = client(server, spent);

            ApiProblem refused =
                    assertThrows(ApiProblem.class, () -> client.call(Service.ACCOUNT, "GET", "/v1/me/sessions", null));

            assertEquals(401, refused.status());
            assertEquals("Refresh token reused", refused.title());
            assertTrue(
                    refused.detail().startsWith("the session was revoked. The session of device 'old-phone' has ended"),
                    refused.detail());
            assertTrue(
                    refused.detail().endsWith("sign in again with: login alice --device old-phone"), refused.detail());
            assertEquals(spent, client.home().requireSession());
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void aProblemAnswerCarriesTheServicesTitleAndDetail() throws Exception {
        try (StubServer server = new StubServer(request -> new StubServer.Response(
                404,
                Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"urn:photosync:problem:not-found\",\"title\":\"Not"
                        + " found\",\"status\":404,\"detail\":\"no photo p-9 on this account\"}"))) {
            DeviceClient client =
                    client(server, new StoredSession("alice", "s-1", "access-1", "refresh-1", "2999-01-01T00:00:00Z"));

            ApiProblem problem = assertThrows(
                    ApiProblem.class, () -> client.call(Service.AUDIT, "GET", "/v1/provenance/photos/p-9", null));

            assertEquals(404, problem.status());
            assertEquals("audit-service", problem.service());
            assertEquals("Not found", problem.title());
            assertEquals("no photo p-9 on this account", problem.detail());
        }
    }

    @Test
    void anAuthenticationRefusalWithoutBodyShowsTheChallenge() throws Exception {
        try (StubServer server = new StubServer(request ->
                new StubServer.Response(403, Map.of("WWW-Authenticate", "DPoP error=\"insufficient_scope\""), null))) {
            DeviceClient client =
                    client(server, new StoredSession("alice", "s-1", "access-1", "refresh-1", "2999-01-01T00:00:00Z"));

            ApiProblem problem =
                    assertThrows(ApiProblem.class, () -> client.call(Service.SYNC, "GET", "/v1/sync/changes", null));

            assertEquals("HTTP 403", problem.title());
            assertEquals("DPoP error=\"insufficient_scope\"", problem.detail());
        }
    }

    @Test
    void signInSendsTheDeviceDescriptionAndStoresTheTokens() throws Exception {
        try (StubServer server = new StubServer(request -> StubServer.Response.json(
                201,
                "{\"accessToken\":\"a\",\"tokenType\":\"DPoP\",\"expiresIn\":300,\"refreshToken\":\"r\",\"sessionId\":\"s-9\",\"deviceId\":\""
                        + DpopProofs.deviceId(key) + "\"}"))) {
            DeviceClient client = client(server, null);

            StoredSession session = client.signIn("alice", "pw", Map.of("lat", 30.27, "lon", 120.15));

            assertEquals("s-9", session.sessionId());
            assertEquals(session, client.home().requireSession());
            JsonNode body = readJson(server.requests().get(0).bodyText());
            assertEquals("alice", body.path("login").asText());
            assertEquals("Xiaomi 13", body.path("device").path("model").asText());
            assertEquals("Old phone", body.path("device").path("name").asText());
            assertEquals(30.27, body.path("location").path("lat").asDouble());
            assertEquals(
                    server.uri("/v1/sessions").toString(),
                    SignedJWT.parse(server.requests().get(0).header("DPoP"))
                            .getJWTClaimsSet()
                            .getStringClaim("htu"));
        }
    }

    @Test
    void aSessionBoundToAnotherKeyIsRefused() throws Exception {
        try (StubServer server = new StubServer(
                request -> StubServer.Response.json(
                        201,
                        "{\"accessToken\":\"a\",\"expiresIn\":300,\"refreshToken\":\"r\",\"sessionId\":\"s\",\"deviceId\":\"someone-else\"}"))) {
            DeviceClient client = client(server, null);
            assertThrows(CliFailure.class, () -> client.signIn("alice", "pw", null));
            assertTrue(client.home().session().isEmpty());
        }
    }

    private DeviceClient client(StubServer server, StoredSession session) {
        DeviceHome device = DeviceHome.of(home, "old-phone");
        device.create(
                key,
                new DeviceInfo(
                        DpopProofs.deviceId(key),
                        "Old phone",
                        "Xiaomi 13",
                        "Android 14",
                        "1.0",
                        "2026-11-21T10:00:00Z"));
        if (session != null) {
            device.saveSession(session);
        }
        return new DeviceClient(options(server, home), device, Clock.systemUTC());
    }

    static ClientOptions options(StubServer server, Path home) {
        ClientOptions options = new ClientOptions();
        options.accountUrl = URI.create(server.baseUrl());
        options.syncUrl = URI.create(server.baseUrl());
        options.auditUrl = URI.create(server.baseUrl());
        options.home = home;
        options.device = "old-phone";
        return options;
    }

    private static JsonNode readJson(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
