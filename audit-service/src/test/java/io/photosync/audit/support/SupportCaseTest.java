package io.photosync.audit.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.photosync.audit.TestEvents;
import io.photosync.audit.config.AuditConfig;
import io.photosync.testsupport.AccountServiceResource;
import io.photosync.testsupport.SignedInDevice;
import io.photosync.testsupport.StaffIdentityProvider;
import io.photosync.testsupport.StaffLogin;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The case and grant rules of docs/SUPPORT.md against the real account-service (phone tokens, the account data
 * agents read) and the real Keycloak (staff tokens by the authorization-code flow with PKCE).
 */
@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SupportCaseTest {
    static final String AGENT = "agent-ana";
    static final String OTHER_AGENT = "agent-bo";
    static final String LEAD = "lead-chen";
    private static final Map<String, String> PASSWORDS =
            Map.of(AGENT, "ana-test-password", OTHER_AGENT, "bo-test-password", LEAD, "chen-test-password");

    /** PostgresLogStorage's advisory lock key: one sequencer across all replicas. */
    static final long SEQUENCER_LOCK = 0x706c6f67L;

    @Inject
    SupportService support;

    @Inject
    AuditConfig config;

    static String agentToken;
    static String otherAgentToken;
    static String leadToken;

    @BeforeAll
    static void staffSignIn() {
        StaffIdentityProvider.ensureRunning();
        StaffLogin login = new StaffLogin(URI.create("http://localhost/console/signed-in"));
        agentToken = login.accessToken(AGENT, PASSWORDS.get(AGENT));
        otherAgentToken = login.accessToken(OTHER_AGENT, PASSWORDS.get(OTHER_AGENT));
        leadToken = login.accessToken(LEAD, PASSWORDS.get(LEAD));
    }

    /** An owner whose phone signed in (in the log, as account-service would have submitted it) and uploaded a photo. */
    record Owner(SignedInDevice phone, UUID photoId) {}

    static Owner ownerWithPhoto() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("Owner's phone");
        UUID photoId = UUID.randomUUID();
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        TestEvents.submit(TestEvents.ACCOUNT, TestEvents.batch(List.of("""
            {"id":"%s","type":"SIGN_IN","source":"account-service","occurredAt":"%s","accountId":"%s","deviceId":"%s",
             "sessionId":"%s","data":{"authMethod":"password","deviceFirstSeen":true},"personal":{"ip":"203.0.113.7"}}\
            """.formatted(
                                UUID.randomUUID(), now, phone.accountId, phone.id(), phone.sessionId))))
                .statusCode(200);
        TestEvents.submit(TestEvents.SYNC, TestEvents.batch(List.of("""
            {"id":"%s","type":"PHOTO_UPLOADED","source":"sync-service","occurredAt":"%s","accountId":"%s","deviceId":"%s",
             "sessionId":"%s","photoId":"%s","data":{"sha256":"47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU","bytes":10,
             "mediaType":"image/jpeg","newPhoto":true},"personal":{"ip":"203.0.113.7"}}\
            """.formatted(
                                UUID.randomUUID(), now, phone.accountId, phone.id(), phone.sessionId, photoId))))
                .statusCode(200);
        return new Owner(phone, photoId);
    }

    static RequestSpecification staff(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    static ValidatableResponse openCase(Owner owner) {
        return owner.phone()
                .request("POST", "/v1/me/cases")
                .contentType(ContentType.JSON)
                .body(Map.of("photoId", owner.photoId().toString(), "question", "Why is this photo on my new phone?"))
                .post("/v1/me/cases")
                .then();
    }

    static List<Map<String, Object>> accessLog(SignedInDevice phone) {
        return phone.request("GET", "/v1/me/access-log")
                .get("/v1/me/access-log")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("lines");
    }

    @Test
    void anOwnersCaseLetsAnAgentReadTheReportAndTheReadIsInTheOwnersAccessLog() {
        Owner owner = ownerWithPhoto();
        String caseId = openCase(owner)
                .statusCode(201)
                .body("state", equalTo("open"))
                .body("grant.state", equalTo("active"))
                .body("grant.expiresAt", notNullValue())
                .extract()
                .path("id");

        // The read is logged before the report is built, so the report itself says that support read it.
        staff(agentToken)
                .get("/v1/cases/" + caseId + "/provenance")
                .then()
                .statusCode(200)
                .body("photo.id", equalTo(owner.photoId().toString()))
                .body(
                        "findings.findAll { it.code == 'SUPPORT_VIEWED' }.detail",
                        hasItem(containsString(
                                "Support agent S-1001 (support-agent) read this report for case " + caseId)));
        String ownReport = "/v1/provenance/photos/" + owner.photoId();
        owner.phone()
                .request("GET", ownReport)
                .get(ownReport)
                .then()
                .statusCode(200)
                .body("findings.code", hasItem("SUPPORT_VIEWED"));

        List<Map<String, Object>> lines = accessLog(owner.phone());
        assertEquals(
                List.of("SUPPORT_GRANT", "AGENT_ACCESS"),
                lines.stream().map(l -> l.get("type")).toList());
        assertEquals("S-1001", lines.get(1).get("staffId"));
        assertEquals("support-agent", lines.get(1).get("staffRole"));
        assertEquals(caseId, lines.get(1).get("caseId"));
        assertEquals(
                "Agent S-1001 (support-agent) read the provenance report of photo " + owner.photoId() + " for case "
                        + caseId,
                lines.get(1).get("what"));
    }

    @Test
    void onceTheOwnerEndsTheGrantAnAgentReadsNothingAndNothingMoreIsLogged() {
        Owner owner = ownerWithPhoto();
        var opened = openCase(owner).statusCode(201).extract();
        String caseId = opened.path("id");
        String grantId = opened.path("grant.id");

        owner.phone()
                .request("DELETE", "/v1/me/grants/" + grantId)
                .delete("/v1/me/grants/" + grantId)
                .then()
                .statusCode(200)
                .body("state", equalTo("ended"))
                .body("endedBy", equalTo("owner"));

        staff(agentToken)
                .get("/v1/cases/" + caseId + "/provenance")
                .then()
                .statusCode(403)
                .body("type", containsString("grant-required"));
        staff(agentToken).get("/v1/cases/" + caseId + "/account").then().statusCode(403);
        assertEquals(
                List.of("SUPPORT_GRANT", "SUPPORT_GRANT"),
                accessLog(owner.phone()).stream().map(l -> l.get("type")).toList());
    }

    @Test
    void anAgentsCaseShowsNothingUntilTheOwnerApprovesFromThePhone() {
        Owner owner = ownerWithPhoto();
        var opened = staff(agentToken)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "accountId",
                        owner.phone().accountId.toString(),
                        "photoId",
                        owner.photoId().toString(),
                        "question",
                        "The customer called about a photo"))
                .post("/v1/cases")
                .then()
                .statusCode(201)
                .body("grant.state", equalTo("requested"))
                .extract();
        String caseId = opened.path("id");
        String grantId = opened.path("grant.id");

        staff(agentToken).get("/v1/cases/" + caseId + "/provenance").then().statusCode(403);

        owner.phone()
                .request("POST", "/v1/me/grants/" + grantId + "/approve")
                .post("/v1/me/grants/" + grantId + "/approve")
                .then()
                .statusCode(200)
                .body("state", equalTo("active"));
        staff(agentToken)
                .get("/v1/cases/" + caseId + "/provenance")
                .then()
                .statusCode(200)
                .body("device.id", equalTo(owner.phone().id()));
    }

    @Test
    void anAgentSignsASessionOutForTheOwnerAndTheOwnerSeesWhoDidIt() {
        Owner owner = ownerWithPhoto();
        SignedInDevice oldPhone = SignedInDevice.signIn(owner.phone().login, "Old phone");
        String caseId = openCase(owner).statusCode(201).extract().path("id");

        staff(agentToken)
                .get("/v1/cases/" + caseId + "/account")
                .then()
                .statusCode(200)
                .body("sessions.sessionId", hasItem(oldPhone.sessionId.toString()));
        staff(agentToken)
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "sign-out-session", "sessionId", oldPhone.sessionId.toString()))
                .post("/v1/cases/" + caseId + "/actions")
                .then()
                .statusCode(204);

        List<Map<String, Object>> lines = accessLog(owner.phone());
        assertEquals(
                List.of("SUPPORT_GRANT", "AGENT_ACCESS", "AGENT_ACTION"),
                lines.stream().map(l -> l.get("type")).toList());
        assertEquals(
                "Agent S-1001 (support-agent) signed out session " + oldPhone.sessionId + " in case " + caseId,
                lines.get(2).get("what"));
        String url = SignedInDevice.accountUrl() + "/v1/me/sessions";
        given().header("Authorization", "DPoP " + owner.phone().accessToken)
                .header("DPoP", owner.phone().key.proof("GET", url, owner.phone().accessToken))
                .get(url)
                .then()
                .statusCode(200)
                .body("find { it.sessionId == '" + oldPhone.sessionId + "' }.revokedBy", equalTo("agent"))
                .body("find { it.sessionId == '" + oldPhone.sessionId + "' }.caseId", equalTo(caseId));
    }

    @Test
    void theCaseMovesFromOpenToResolvedToClosedAndAClosedCaseTakesNoChange() {
        Owner owner = ownerWithPhoto();
        String caseId = openCase(owner).statusCode(201).extract().path("id");

        staff(agentToken)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/cases/" + caseId + "/assign")
                .then()
                .statusCode(200)
                .body("state", equalTo("in_progress"))
                .body("assignee", equalTo("S-1001"));
        staff(otherAgentToken)
                .contentType(ContentType.JSON)
                .body(Map.of("resolution", "not mine"))
                .post("/v1/cases/" + caseId + "/resolve")
                .then()
                .statusCode(403);
        staff(agentToken)
                .contentType(ContentType.JSON)
                .body(Map.of("text", "Old phone still signed in."))
                .post("/v1/cases/" + caseId + "/notes")
                .then()
                .statusCode(200)
                .body("notes", hasSize(1));
        staff(agentToken)
                .contentType(ContentType.JSON)
                .body(Map.of("resolution", "Your old phone uploaded it; we signed it out."))
                .post("/v1/cases/" + caseId + "/resolve")
                .then()
                .statusCode(200)
                .body("state", equalTo("resolved"));
        staff(agentToken).post("/v1/cases/" + caseId + "/close").then().statusCode(403);
        staff(leadToken)
                .post("/v1/cases/" + caseId + "/close")
                .then()
                .statusCode(200)
                .body("state", equalTo("closed"))
                .body("grant.state", equalTo("ended"));

        staff(agentToken)
                .contentType(ContentType.JSON)
                .body(Map.of("text", "late"))
                .post("/v1/cases/" + caseId + "/notes")
                .then()
                .statusCode(409);
        staff(agentToken).get("/v1/cases/" + caseId + "/account").then().statusCode(409);
        owner.phone()
                .request("GET", "/v1/me/cases/" + caseId)
                .get("/v1/me/cases/" + caseId)
                .then()
                .statusCode(200)
                .body("resolution", equalTo("Your old phone uploaded it; we signed it out."))
                .body("notes", equalTo(null));
        List<Object> whats = accessLog(owner.phone()).stream()
                .map(l -> l.get("what"))
                .map(Object.class::cast)
                .toList();
        assertEquals(
                "Agent S-1001 (support-agent) resolved the case: \"Your old phone uploaded it; we signed it out.\" in"
                        + " case "
                        + caseId,
                whats.get(3));
    }

    @Test
    void whenTheAccessEntryCannotBeLoggedTheAgentGetsA503AndNoData() throws Exception {
        Owner owner = ownerWithPhoto();
        String caseId = openCase(owner).statusCode(201).extract().path("id");
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        // Holding the sequencer's lock keeps the access entry from being sequenced: the read must not go on.
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("select pg_advisory_lock(" + SEQUENCER_LOCK + ")");
            staff(agentToken)
                    .get("/v1/cases/" + caseId + "/account")
                    .then()
                    .statusCode(503)
                    .body("type", containsString("not-yet-sequenced"))
                    .body("sessions", nullValue());
            s.execute("select pg_advisory_unlock(" + SEQUENCER_LOCK + ")");
        }
    }

    @Test
    void aLeadGivesTheCaseToAnotherAgentAndAResolvedCaseClosesByItselfAfterTheConfiguredTime() {
        Owner owner = ownerWithPhoto();
        String caseId = openCase(owner).statusCode(201).extract().path("id");

        staff(agentToken)
                .contentType(ContentType.JSON)
                .body(Map.of("staffId", "S-1002"))
                .post("/v1/cases/" + caseId + "/assign")
                .then()
                .statusCode(403);
        staff(leadToken)
                .contentType(ContentType.JSON)
                .body(Map.of("staffId", "S-1002"))
                .post("/v1/cases/" + caseId + "/assign")
                .then()
                .statusCode(200)
                .body("assignee", equalTo("S-1002"));
        staff(otherAgentToken)
                .contentType(ContentType.JSON)
                .body(Map.of("resolution", "Signed in on your old phone."))
                .post("/v1/cases/" + caseId + "/resolve")
                .then()
                .statusCode(200)
                .body("state", equalTo("resolved"));

        SupportService service = ClientProxy.unwrap(support);
        service.closeResolved();
        staff(agentToken).get("/v1/cases/" + caseId).then().statusCode(200).body("state", equalTo("resolved"));
        Clock real = service.clock;
        service.clock = Clock.offset(real, config.support().closeAfter().plusMinutes(1));
        try {
            service.closeResolved();
        } finally {
            service.clock = real;
        }
        staff(agentToken)
                .get("/v1/cases/" + caseId)
                .then()
                .statusCode(200)
                .body("state", equalTo("closed"))
                .body("grant.state", equalTo("ended"))
                .body("grant.endedBy", equalTo("case-closed"));
        List<Object> whats = accessLog(owner.phone()).stream()
                .map(l -> l.get("what"))
                .map(Object.class::cast)
                .toList();
        assertEquals(
                "Support's access for case " + caseId + " ended (the case was closed)", whats.get(whats.size() - 1));
    }

    @Test
    void anotherAccountsCaseAndGrantAreNotFoundForAPhone() {
        Owner owner = ownerWithPhoto();
        var opened = openCase(owner).statusCode(201).extract();
        SignedInDevice stranger = SignedInDevice.newAccountAndDevice("Stranger's phone");
        String caseId = opened.path("id");
        String grantId = opened.path("grant.id");

        stranger.request("GET", "/v1/me/cases/" + caseId)
                .get("/v1/me/cases/" + caseId)
                .then()
                .statusCode(404);
        stranger.request("DELETE", "/v1/me/grants/" + grantId)
                .delete("/v1/me/grants/" + grantId)
                .then()
                .statusCode(404);
        stranger.request("GET", "/v1/me/cases")
                .get("/v1/me/cases")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(caseId)));
        assertEquals(List.of(), accessLog(stranger));
    }

    @Test
    void phoneTokensAreRefusedOnStaffPathsAndStaffTokensOnPhonePaths() {
        Owner owner = ownerWithPhoto();
        given().header("Authorization", "Bearer " + owner.phone().accessToken)
                .get("/v1/cases")
                .then()
                .statusCode(401);
        owner.phone().request("GET", "/v1/cases").get("/v1/cases").then().statusCode(401);
        staff(agentToken).get("/v1/me/cases").then().statusCode(401);
        given().header("Authorization", "DPoP " + agentToken)
                .get("/v1/me/access-log")
                .then()
                .statusCode(401);
        given().get("/v1/cases").then().statusCode(401);
    }

    @Test
    void badInputIsAClearProblemAndOpensNothing() {
        Owner owner = ownerWithPhoto();
        owner.phone()
                .request("POST", "/v1/me/cases")
                .contentType(ContentType.JSON)
                .body(Map.of("question", " "))
                .post("/v1/me/cases")
                .then()
                .statusCode(400);
        owner.phone()
                .request("POST", "/v1/me/cases")
                .contentType(ContentType.JSON)
                .body(Map.of("question", "why \u202Eevil"))
                .post("/v1/me/cases")
                .then()
                .statusCode(400)
                .body("detail", containsString("U+202E"));
        owner.phone()
                .request("POST", "/v1/me/cases")
                .contentType(ContentType.JSON)
                .body(Map.of("question", "why", "photoId", "not-a-uuid"))
                .post("/v1/me/cases")
                .then()
                .statusCode(400);
        owner.phone()
                .request("GET", "/v1/me/cases")
                .get("/v1/me/cases")
                .then()
                .statusCode(200)
                .body("", hasSize(0));
        staff(agentToken).get("/v1/cases/not-a-case").then().statusCode(404);
        staff(agentToken)
                .get("/v1/cases/" + UUID.randomUUID() + "/account")
                .then()
                .statusCode(404);
        staff(agentToken)
                .contentType(ContentType.JSON)
                .body(Map.of("accountId", UUID.randomUUID().toString(), "question", "q"))
                .post("/v1/cases")
                .then()
                .statusCode(404);
        String caseId = openCase(owner).statusCode(201).extract().path("id");
        staff(agentToken)
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "delete-account"))
                .post("/v1/cases/" + caseId + "/actions")
                .then()
                .statusCode(400);
        staff(agentToken)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "kind",
                        "sign-out-session",
                        "sessionId",
                        UUID.randomUUID().toString()))
                .post("/v1/cases/" + caseId + "/actions")
                .then()
                .statusCode(404);
    }
}
