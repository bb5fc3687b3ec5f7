package io.photosync.account;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.common.source.SourceTokenSigner;
import io.photosync.testsupport.TestSourceKeys;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Test-side audit-service: calls of the support API, signed with test-support's TEST-ONLY audit-service key. */
public final class SupportApi {
    public static final String STAFF_ID = "S-1001";
    public static final SourceTokenSigner AUDIT_SERVICE = new SourceTokenSigner(
            TestSourceKeys.AUDIT_SERVICE, TestSourceKeys.AUDIT_SERVICE_PRIVATE_JWK, "account-service");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SupportApi() {}

    /** The body of a call under a live grant of {@code caseId}; add sessionId or deviceId for a sign-out. */
    public static Map<String, Object> call(UUID caseId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("caseId", caseId.toString());
        body.put("grantId", UUID.randomUUID().toString());
        body.put("grantExpiresAt", Instant.now().plus(Duration.ofHours(72)).toString());
        body.put("staffId", STAFF_ID);
        return body;
    }

    public static Map<String, Object> with(Map<String, Object> body, String name, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put(name, value);
        return changed;
    }

    public static byte[] bytes(Map<String, Object> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response overview(String accountId, Map<String, Object> body) {
        return signed("overview", accountId, bytes(body));
    }

    public static Response signOut(String accountId, Map<String, Object> body) {
        return signed("sign-outs", accountId, bytes(body));
    }

    /** {@code call} ("overview" or "sign-outs") with {@code body} exactly, signed by audit-service's test key. */
    public static Response signed(String call, String accountId, byte[] body) {
        return post(call, accountId, AUDIT_SERVICE.authorization(body), body);
    }

    /** {@code call} with {@code body} exactly and the given Authorization header (none when null). */
    public static Response post(String call, String accountId, String authorization, byte[] body) {
        RequestSpecification request = given().contentType(ContentType.JSON).body(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/v1/support/accounts/" + accountId + "/" + call);
    }
}
