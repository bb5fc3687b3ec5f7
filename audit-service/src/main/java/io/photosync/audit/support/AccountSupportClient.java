package io.photosync.audit.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.photosync.audit.config.AuditConfig;
import io.photosync.common.problem.Problem;
import io.photosync.common.problem.ProblemException;
import io.photosync.common.source.SourceTokenSigner;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * account-service's support API (docs/SUPPORT.md): the account data agents read and the sign-outs they do,
 * each request signed with audit-service's own key and carrying the case and grant it is done under.
 */
@ApplicationScoped
public class AccountSupportClient {
    private static final Logger LOG = Logger.getLogger(AccountSupportClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    AuditConfig config;

    @Inject
    ObjectMapper json;

    private SourceTokenSigner signer;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @PostConstruct
    void init() {
        signer = config.support()
                .accountKey()
                .filter(k -> !k.isBlank())
                .map(key -> new SourceTokenSigner("audit-service", key, "account-service"))
                .orElse(null);
    }

    /** Sessions, devices and alerts of the case's account, as the owner would see them. */
    public JsonNode overview(SupportCase sc, Staff staff) {
        return post(sc, "/overview", body(sc, staff));
    }

    /** Signs the session out; account-service records {@code revokedBy: agent} with the case. */
    public void signOutSession(SupportCase sc, Staff staff, String sessionId) {
        post(sc, "/sign-outs", body(sc, staff).put("sessionId", sessionId));
    }

    /** Signs the device and all its sessions out. */
    public void signOutDevice(SupportCase sc, Staff staff, String deviceId) {
        post(sc, "/sign-outs", body(sc, staff).put("deviceId", deviceId));
    }

    private ObjectNode body(SupportCase sc, Staff staff) {
        return json.createObjectNode()
                .put("caseId", sc.id().toString())
                .put("grantId", sc.grant().id().toString())
                .put("grantExpiresAt", sc.grant().expiresAt().toString())
                .put("staffId", staff.staffId());
    }

    /** account-service's JSON answer, or null for 204 (a sign-out answers nothing the agent had not read). */
    private JsonNode post(SupportCase sc, String path, ObjectNode body) {
        if (signer == null) {
            throw unavailable("audit-service has no key for account-service's support API (audit.support.account-key)");
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(config.accountUrl() + "/v1/support/accounts/" + sc.accountId() + path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", signer.authorization(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unavailable("account-service cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while asking account-service");
        }
        int status = response.statusCode();
        if (status == 404) {
            throw ProblemException.notFound("no such session or device on this account");
        }
        if (status / 100 != 2) {
            // account-service refusing audit-service is a configuration fault here, not the agent's.
            LOG.errorf("account-service answered %d to the support API: %s", status, new String(response.body()));
            throw new ProblemException(
                    Problem.of(
                            502,
                            "account-service-refused",
                            "account-service refused",
                            "account-service answered " + status + " to the support request"),
                    Map.of());
        }
        if (status == 204) {
            return null;
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new ProblemException(
                    Problem.of(
                            502,
                            "account-service-refused",
                            "account-service answered nonsense",
                            "account-service's answer is not JSON"),
                    Map.of());
        }
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(
                Problem.of(503, "account-service-unavailable", "account-service unavailable", detail),
                Map.of("Retry-After", "5"));
    }
}
