package io.photosync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.photosync.testsupport.ServiceProcess;
import io.photosync.testsupport.StaffIdentityProvider;
import io.photosync.testsupport.StaffLogin;
import io.photosync.testsupport.StaffLogin.Browser;
import io.photosync.testsupport.StaffLogin.SignInRefused;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Staff sign in to the real Keycloak of {@code keycloak/} (started as bin/env.sh's ensure_keycloak does when it is not
 * running) with the authorization code flow and PKCE S256 through Keycloak's login page, and their tokens are checked
 * as the support console must: signature against the realm's JWKS, issuer, audience, staff number and roles.
 */
class StaffSignInTest {
    private static final URI CALLBACK =
            URI.create("http://localhost:" + ServiceProcess.freePort() + "/console/callback");
    private static final StaffLogin LOGIN = new StaffLogin(CALLBACK);
    private static DefaultJWTProcessor<SecurityContext> tokenVerifier;

    @BeforeAll
    static void keycloak() throws Exception {
        StaffIdentityProvider.ensureRunning();
        tokenVerifier = new DefaultJWTProcessor<>();
        tokenVerifier.setJWSKeySelector(new JWSVerificationKeySelector<>(
                JWSAlgorithm.RS256,
                JWKSourceBuilder.create(StaffIdentityProvider.jwksUri().toURL()).build()));
        // Nimbus asks its sets whether they contain null, which Set.of cannot answer
        tokenVerifier.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new HashSet<>(Set.of(StaffIdentityProvider.CLIENT_ID)),
                new JWTClaimsSet.Builder()
                        .issuer(StaffIdentityProvider.realmUrl().toString())
                        .build(),
                new HashSet<>(Set.of("sub", "iat", "exp", "staff_id", "roles")),
                new HashSet<>()));
    }

    @ParameterizedTest
    @CsvSource({
        "agent-ana, ana-test-password, S-1001, false",
        "agent-bo, bo-test-password, S-1002, false",
        "lead-chen, chen-test-password, S-2001, true"
    })
    void eachStaffMemberSignsInWithPkceAndGetsSignedTokensForTheConsoleWithTheirStaffNumberAndRoles(
            String username, String password, String staffId, boolean lead) throws Exception {
        StaffLogin.Tokens signedIn = LOGIN.signIn(username, password);

        JWTClaimsSet access = tokenVerifier.process(signedIn.accessToken(), null);
        assertEquals("Bearer", access.getStringClaim("typ"));
        assertTrue(access.getAudience().contains(StaffIdentityProvider.CLIENT_ID), "aud " + access.getAudience());
        assertEquals(StaffIdentityProvider.CLIENT_ID, access.getStringClaim("azp"));
        assertEquals(staffId, access.getStringClaim("staff_id"));
        assertTrue(
                access.getStringListClaim("roles").contains("support-agent"),
                "roles " + access.getStringListClaim("roles"));
        assertEquals(
                lead,
                access.getStringListClaim("roles").contains("support-lead"),
                "roles " + access.getStringListClaim("roles"));
        assertNull(access.getClaim("realm_access"), "the realm roles are in claim roles only");
        assertEquals(
                300,
                (access.getExpirationTime().getTime() - access.getIssueTime().getTime()) / 1000,
                "access token lifespan in s");

        JWTClaimsSet id = tokenVerifier.process(signedIn.idToken(), null);
        assertEquals("ID", id.getStringClaim("typ"));
        assertEquals(access.getSubject(), id.getSubject());
        assertEquals(staffId, id.getStringClaim("staff_id"));
        assertEquals(access.getStringListClaim("roles"), id.getStringListClaim("roles"));
    }

    @Test
    void anAccessTokenWithAnotherStaffNumberWrittenIntoItFailsTheSignatureCheck() throws Exception {
        String[] parts = LOGIN.accessToken("agent-ana", "ana-test-password").split("\\.");
        Map<String, Object> claims =
                JSONObjectUtils.parse(Base64URL.from(parts[1]).decodeToString());
        claims.put("staff_id", "S-2001");
        String forged = parts[0] + "." + Base64URL.encode(JSONObjectUtils.toJSONString(claims)) + "." + parts[2];

        assertThrows(BadJOSEException.class, () -> tokenVerifier.process(forged, null));
    }

    @Test
    void aWrongPasswordGetsTheLoginPageAgainAndNoCode() {
        SignInRefused refused = assertThrows(SignInRefused.class, () -> LOGIN.signIn("agent-bo", "not-bo-s-password"));

        assertEquals(200, refused.status());
        assertEquals("Invalid username or password.", refused.feedback());
    }

    @Test
    void anAuthorizationRequestWithoutAnS256CodeChallengeIsRefused() {
        String challenge = StaffLogin.codeChallenge(StaffLogin.randomBase64Url());
        URI plain = URI.create(LOGIN.authorizationRequest("s", challenge)
                .toString()
                .replace("code_challenge_method=S256", "code_challenge_method=plain"));

        for (URI request : new URI[] {LOGIN.authorizationRequest("s", null), plain}) {
            HttpResponse<String> answer = new Browser().get(request);
            assertEquals(302, answer.statusCode(), request.toString());
            Map<String, String> callback = StaffLogin.queryParameters(
                    URI.create(answer.headers().firstValue("Location").orElseThrow()));
            assertEquals("invalid_request", callback.get("error"), callback.toString());
            assertFalse(callback.containsKey("code"), callback.toString());
        }
    }

    @Test
    void thePasswordGrantIsRefusedForTheConsole() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(StaffIdentityProvider.tokenEndpoint())
                                .header("Authorization", StaffLogin.clientSecretBasic())
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(StaffLogin.formEncoded(Map.of(
                                        "grant_type",
                                        "password",
                                        "username",
                                        "agent-ana",
                                        "password",
                                        "ana-test-password",
                                        "scope",
                                        "openid"))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("unauthorized_client", JSONObjectUtils.parse(answer.body()).get("error"), answer.body());
        assertFalse(answer.body().contains("access_token"), answer.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/callback", "/console/cases/1", "/v1/cases", "/v1/cases/1"})
    void theConsoleMayBeRedirectedToOnAnyLocalhostPort(String path) {
        for (int port : new int[] {80, 8083, ServiceProcess.freePort()}) {
            URI redirect = URI.create("http://localhost:" + port + path);
            HttpResponse<String> page = new Browser()
                    .get(new StaffLogin(redirect).authorizationRequest("s", StaffLogin.codeChallenge("v")));
            assertEquals(200, page.statusCode(), redirect.toString());
            assertTrue(page.body().contains("id=\"kc-form-login\""), redirect + " has no login page");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost:8083/v1/casesx",
                "http://localhost:8083/v1/me/cases",
                "http://localhost:8083/",
                "http://127.0.0.1:8083/console/callback",
                "http://localhost.example/console/callback",
                "http://localhost:8083@example.org/console/callback",
                "https://example.org/console/callback"
            })
    void noOtherRedirectIsAccepted(String redirect) {
        HttpResponse<String> page = new Browser()
                .get(new StaffLogin(URI.create(redirect)).authorizationRequest("s", StaffLogin.codeChallenge("v")));

        assertEquals(400, page.statusCode(), redirect);
        assertTrue(page.body().contains("Invalid parameter: redirect_uri"), redirect);
    }

    @Test
    void signingInThroughARelyingPartyFollowsItToTheLoginPageAndBackIntoItsSession() throws Exception {
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        URI callback = URI.create("http://localhost:" + app.getAddress().getPort() + "/console/callback");
        StaffLogin console = new StaffLogin(callback);
        String verifier = StaffLogin.randomBase64Url();
        app.createContext("/console/cases", exchange -> {
            String cookie = exchange.getRequestHeaders().getFirst("Cookie");
            if (cookie != null && cookie.contains("console=")) {
                answer(
                        exchange,
                        200,
                        "cases for " + cookie.substring(cookie.indexOf("console=") + "console=".length()),
                        null);
            } else {
                answer(
                        exchange,
                        302,
                        "",
                        console.authorizationRequest("s", StaffLogin.codeChallenge(verifier))
                                .toString());
            }
        });
        app.createContext("/console/callback", exchange -> {
            String code = StaffLogin.queryParameters(exchange.getRequestURI()).get("code");
            String staffId;
            try {
                staffId = tokenVerifier
                        .process(console.exchange(code, verifier).accessToken(), null)
                        .getStringClaim("staff_id");
            } catch (Exception e) {
                answer(exchange, 500, e.toString(), null);
                return;
            }
            exchange.getResponseHeaders().add("Set-Cookie", "console=" + staffId + "; Path=/console; HttpOnly");
            answer(exchange, 302, "", "/console/cases");
        });
        app.start();
        try {
            Browser browser = new Browser();
            URI cases = URI.create("http://localhost:" + app.getAddress().getPort() + "/console/cases");

            HttpResponse<String> page = browser.signInThrough(cases, "lead-chen", "chen-test-password");

            assertEquals(200, page.statusCode(), page.body());
            assertEquals(cases, page.uri());
            assertEquals("cases for S-2001", page.body());
            assertEquals(
                    "cases for S-2001",
                    browser.get(cases).body(),
                    "the app's session cookie is kept for the next request");
        } finally {
            app.stop(0);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body, String location) throws IOException {
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
