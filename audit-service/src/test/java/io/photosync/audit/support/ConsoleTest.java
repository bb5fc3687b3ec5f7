package io.photosync.audit.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.testsupport.AccountServiceResource;
import io.photosync.testsupport.StaffIdentityProvider;
import io.photosync.testsupport.StaffLogin;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's own rules (docs/SUPPORT.md "Console"): its headers, one-time form tokens, HTML refusals and escaping,
 * for agents signed in to the real Keycloak by the code flow, as a browser would (a real browser is
 * integration-tests' ConsoleBrowserTest).
 */
@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ConsoleTest {
    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([A-Za-z0-9_-]+)\"");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self' http://localhost:8180; frame-ancestors 'none'; base-uri 'none'";

    private static final List<String> HEADERS =
            List.of("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control");
    private static final List<String> EXPECTED = List.of(CSP, "nosniff", "no-referrer", "no-store");

    private static StaffLogin.Browser ana;
    private static StaffLogin.Browser bo;

    /** Once, but only when the test's port is known (RestAssured's is set before each test). */
    @BeforeEach
    void staffSignIn() {
        if (ana != null) {
            return;
        }
        StaffIdentityProvider.ensureRunning();
        ana = signedIn(SupportCaseTest.AGENT, "ana-test-password");
        bo = signedIn(SupportCaseTest.OTHER_AGENT, "bo-test-password");
    }

    @Test
    void everyConsoleResponseHasTheSecurityHeadersEvenTheRedirectToSignIn() {
        var signIn = given().redirects().follow(false).get("/console");
        assertEquals(302, signIn.statusCode());
        assertTrue(
                signIn.header("Location").startsWith(StaffIdentityProvider.realmUrl() + "/"),
                signIn.header("Location"));
        assertEquals(EXPECTED, securityHeaders(signIn::header));
        assertEquals(EXPECTED, securityHeaders(given().get("/console/static/console.js")::header));
        assertEquals(EXPECTED, securityHeaders(get(ana, "/console")));
        assertEquals(EXPECTED, securityHeaders(get(ana, "/console/cases/00000000-0000-4000-8000-000000000000")));
        assertEquals(null, given().get("/v1/log/checkpoint").header("Content-Security-Policy"), "only the console's");
    }

    @Test
    void aFormTokenWorksOnceAndOnlyForTheOneItWasMadeFor() throws InterruptedException {
        SupportCaseTest.Owner owner = SupportCaseTest.ownerWithPhoto();
        HttpResponse<String> opened = openThroughTheConsole(owner, "Customer <script>alert(1)</script> called");
        assertEquals(303, opened.statusCode(), opened.body());
        String casePath = opened.headers()
                .firstValue("Location")
                .map(l -> l.substring(l.indexOf("/console/")))
                .orElseThrow();
        assertTrue(casePath.matches("/console/cases/[0-9a-f-]{36}"), casePath);

        String page = get(ana, casePath).body();
        assertTrue(page.contains("Customer &lt;script&gt;alert(1)&lt;/script&gt; called"), page);
        assertFalse(page.contains("<script>alert"), page);
        assertTrue(page.contains("Nothing of the account is shown until the owner's grant is live."), page);
        assertFalse(page.contains("id=\"sessions\""), "no account data without a live grant");

        String noteToken = token(ana, casePath);
        assertEquals(
                303,
                post(ana, casePath + "/notes", noteToken, Map.of("text", "first"))
                        .statusCode());
        var replayed = post(ana, casePath + "/notes", noteToken, Map.of("text", "replayed"));
        var missing = post(ana, casePath + "/notes", null, Map.of("text", "no token"));
        var othersToken = post(bo, casePath + "/notes", token(ana, casePath), Map.of("text", "not mine"));
        for (HttpResponse<String> refused : List.of(replayed, missing, othersToken)) {
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(
                    refused.body().contains("this form was already sent, is too old or is not yours"), refused.body());
        }
        String after = get(ana, casePath).body();
        assertTrue(after.contains("first"), after);
        for (String refusedNote : List.of("replayed", "no token", "not mine")) {
            assertFalse(after.contains(refusedNote), refusedNote + " was added");
        }
    }

    @Test
    void aRefusalOnAConsolePageIsAnHtmlPageWithTheStatusAndDetailAndProblemJsonForThePagesScript() {
        var notFound = get(ana, "/console/cases/not-a-case");
        assertEquals(404, notFound.statusCode());
        assertTrue(
                notFound.body().contains("404 Not found") && notFound.body().contains("no case not-a-case"),
                notFound.body());
        SupportCaseTest.Owner owner = SupportCaseTest.ownerWithPhoto();
        String caseId =
                SupportCaseTest.openCase(owner).statusCode(201).extract().path("id");
        // only a lead closes: the agent's post is refused by the service's own rule, as a page
        var refused =
                post(ana, "/console/cases/" + caseId + "/close", token(ana, "/console/cases/" + caseId), Map.of());
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("only a support lead closes a case at once"), refused.body());

        var script = send(
                ana,
                HttpRequest.newBuilder(url("/console/cases/00000000-0000-4000-8000-000000000000/provenance"))
                        .header("Accept", "application/json")
                        .GET());
        assertEquals(404, script.statusCode());
        assertTrue(
                script.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                script.body());
    }

    private static StaffLogin.Browser signedIn(String username, String password) {
        StaffLogin.Browser browser = new StaffLogin.Browser();
        HttpResponse<String> queue = browser.signInThrough(url("/console"), username, password);
        assertEquals(200, queue.statusCode(), queue.body());
        return browser;
    }

    /** The log's projection learns of the owner's account shortly after its events are sequenced: until then 404. */
    private static HttpResponse<String> openThroughTheConsole(SupportCaseTest.Owner owner, String question)
            throws InterruptedException {
        Map<String, String> fields = Map.of("accountId", owner.phone().accountId.toString(), "question", question);
        HttpResponse<String> opened = post(ana, "/console/cases", token(ana, "/console"), fields);
        for (int i = 0; i < 50 && opened.statusCode() == 404; i++) {
            Thread.sleep(200);
            opened = post(ana, "/console/cases", token(ana, "/console"), fields);
        }
        return opened;
    }

    /** A fresh form token from a page the member of staff reads. */
    private static String token(StaffLogin.Browser browser, String path) {
        HttpResponse<String> page = get(browser, path);
        assertEquals(200, page.statusCode(), page.body());
        Matcher m = TOKEN.matcher(page.body());
        assertTrue(m.find(), path + " has no form");
        return m.group(1);
    }

    private static HttpResponse<String> get(StaffLogin.Browser browser, String path) {
        return browser.get(url(path));
    }

    private static HttpResponse<String> post(
            StaffLogin.Browser browser, String path, String formToken, Map<String, String> fields) {
        Map<String, String> form = new java.util.LinkedHashMap<>(fields);
        if (formToken != null) {
            form.put("token", formToken);
        }
        return send(
                browser,
                HttpRequest.newBuilder(url(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(StaffLogin.formEncoded(form))));
    }

    private static HttpResponse<String> send(StaffLogin.Browser browser, HttpRequest.Builder request) {
        try {
            return browser.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> securityHeaders(Function<String, String> header) {
        return HEADERS.stream().map(header).toList();
    }

    private static List<String> securityHeaders(HttpResponse<String> r) {
        return securityHeaders(name -> r.headers().firstValue(name).orElse(null));
    }

    private static URI url(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }
}
