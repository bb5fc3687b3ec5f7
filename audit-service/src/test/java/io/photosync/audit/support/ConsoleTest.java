package io.photosync.audit.support;

import io.photosync.testsupport.AccountServiceResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.photosync.audit.support.SupportCaseTest.agentToken;
import static io.photosync.audit.support.SupportCaseTest.otherAgentToken;
import static io.photosync.audit.support.SupportCaseTest.staff;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The console's own rules (docs/SUPPORT.md "Console"): its headers, one-time form tokens, HTML refusals and escaping,
 * with staff bearer tokens of the real Keycloak (the browser's sign-in is integration-tests' ConsoleBrowserTest).
 */
@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ConsoleTest {
    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([A-Za-z0-9_-]+)\"");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self' http://localhost:8180; frame-ancestors 'none'; base-uri 'none'";

    @BeforeAll
    static void staffSignIn() {
        SupportCaseTest.staffSignIn();
    }

    @Test
    void everyConsoleResponseHasTheSecurityHeadersEvenTheRedirectToSignIn() {
        Response signIn = given().redirects().follow(false).get("/console");
        assertEquals(302, signIn.statusCode());
        assertEquals(true, signIn.header("Location").startsWith("http://localhost:8180/realms/photosync-staff/"), signIn.header("Location"));
        for (Response r : new Response[]{signIn, staff(agentToken).get("/console"), given().get("/console/static/console.js"),
                staff(agentToken).get("/console/cases/00000000-0000-4000-8000-000000000000")}) {
            assertEquals(CSP, r.header("Content-Security-Policy"));
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals("no-referrer", r.header("Referrer-Policy"));
            assertEquals("no-store", r.header("Cache-Control"));
        }
        given().get("/v1/log/checkpoint").then().header("Content-Security-Policy", equalTo(null));
    }

    @Test
    void aFormTokenWorksOnceAndOnlyForTheOneItWasMadeFor() throws InterruptedException {
        SupportCaseTest.Owner owner = SupportCaseTest.ownerWithPhoto();
        String question = "Customer <script>alert(1)</script> called";
        Response opened = openThroughTheConsole(owner, question);
        assertEquals(303, opened.statusCode(), opened.asString());
        String page = opened.header("Location");
        assertEquals(true, page.matches(".*/console/cases/[0-9a-f-]{36}"), page);
        String casePath = page.substring(page.indexOf("/console/"));

        staff(agentToken).get(casePath).then().statusCode(200)
                .body(containsString("Customer &lt;script&gt;alert(1)&lt;/script&gt; called"))
                .body(not(containsString("<script>alert")))
                .body(containsString("Nothing of the account is shown until the owner's grant is live."));

        String noteToken = token(agentToken, casePath);
        assertEquals(303, post(agentToken, casePath + "/notes", noteToken, Map.of("text", "first")).statusCode());
        Response replayed = post(agentToken, casePath + "/notes", noteToken, Map.of("text", "replayed"));
        Response missing = post(agentToken, casePath + "/notes", null, Map.of("text", "no token"));
        Response othersToken = post(otherAgentToken, casePath + "/notes", token(agentToken, casePath), Map.of("text", "not mine"));
        for (Response refused : new Response[]{replayed, missing, othersToken}) {
            assertEquals(403, refused.statusCode(), refused.asString());
            assertEquals(true, refused.contentType().startsWith("text/html"), refused.contentType());
            assertEquals(true, refused.asString().contains("this form was already sent, is too old or is not yours"), refused.asString());
        }
        staff(agentToken).get(casePath).then().statusCode(200).body(containsString("first"))
                .body(not(containsString("replayed"))).body(not(containsString("no token"))).body(not(containsString("not mine")));
    }

    @Test
    void aRefusalOnAConsolePageIsAnHtmlPageWithTheStatusAndDetail() {
        staff(agentToken).get("/console/cases/not-a-case").then().statusCode(404)
                .contentType(startsWith("text/html")).body(containsString("404 Not found")).body(containsString("no case not-a-case"));
        SupportCaseTest.Owner owner = SupportCaseTest.ownerWithPhoto();
        String caseId = SupportCaseTest.openCase(owner).statusCode(201).extract().path("id");
        // only a lead closes: the agent's post is refused with the service's own rule, as a page
        Response refused = post(agentToken, "/console/cases/" + caseId + "/close", token(agentToken, "/console/cases/" + caseId), Map.of());
        assertEquals(403, refused.statusCode());
        assertEquals(true, refused.asString().contains("only a support lead closes a case at once"), refused.asString());
    }

    /** The log's projection learns of the owner's account shortly after its events are sequenced: until then 404. */
    private static Response openThroughTheConsole(SupportCaseTest.Owner owner, String question) throws InterruptedException {
        Map<String, String> fields = Map.of("accountId", owner.phone().accountId.toString(), "question", question);
        Response opened = post(agentToken, "/console/cases", token(agentToken, "/console"), fields);
        for (int i = 0; i < 50 && opened.statusCode() == 404; i++) {
            Thread.sleep(200);
            opened = post(agentToken, "/console/cases", token(agentToken, "/console"), fields);
        }
        return opened;
    }

    /** A fresh form token from a page the member of staff reads. */
    private static String token(String staffToken, String path) {
        Matcher m = TOKEN.matcher(staff(staffToken).get(path).then().statusCode(200).extract().asString());
        if (!m.find()) {
            throw new AssertionError(path + " has no form");
        }
        return m.group(1);
    }

    private static Response post(String staffToken, String path, String formToken, Map<String, String> fields) {
        var request = staff(staffToken).redirects().follow(false).contentType("application/x-www-form-urlencoded");
        if (formToken != null) {
            request.formParam("token", formToken);
        }
        fields.forEach(request::formParam);
        return request.post(path);
    }
}
