import com.nimbusds.jose.util.JSONObjectUtils;
import io.photosync.testsupport.StaffLogin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * A support agent for bin/demo, over audit-service's staff API (docs/SUPPORT.md) as the console would use it: signs in
 * to the staff Keycloak (authorization code flow with PKCE, test-support's StaffLogin), takes the case, reads the
 * provenance report of its photo and the account's sessions, devices and alerts, signs out the device that uploaded
 * the photo, and resolves the case with what it found. Each call is an entry on the owner's access chain first.
 * Not part of the cli: the cli is the phone's tool; this is staff's.
 * <pre>
 *   java -cp test-support/target/classes:NIMBUS_JOSE_JWT_JAR tools/support-agent/SupportAgent.java AUDIT_URL CASE_ID
 * </pre>
 * The agent's test credentials come from AGENT_USER and AGENT_PASSWORD (default agent-ana / ana-test-password, of
 * keycloak/photosync-staff-realm.json).
 */
public class SupportAgent {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String auditUrl;
    private final String token;

    SupportAgent(String auditUrl, String token) {
        this.auditUrl = auditUrl.replaceAll("/+$", "");
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SupportAgent AUDIT_URL CASE_ID");
            System.exit(2);
        }
        String user = System.getenv().getOrDefault("AGENT_USER", "agent-ana");
        String password = System.getenv().getOrDefault("AGENT_PASSWORD", "ana-test-password");
        String caseId = args[1];
        SupportAgent agent = new SupportAgent(args[0], new StaffLogin(URI.create("http://localhost/console/signed-in"))
                .accessToken(user, password));
        String path = "/v1/cases/" + caseId;
        Map<String, Object> taken = agent.call("POST", path + "/assign", "{}");
        System.out.printf("%s signed in to the staff identity provider and took case %s (as %s)%n", user, caseId, taken.get("assignee"));
        System.out.printf("  the owner asks: %s%n", taken.get("question"));

        Map<String, Object> report = agent.call("GET", path + "/provenance", null);
        Map<?, ?> upload = step(report, "UPLOAD", null);
        Map<?, ?> signIn = step(report, "SIGN_IN", upload.get("deviceId"));
        Object place = signIn.get("location") instanceof Map<?, ?> location ? location.get("city") : "an unknown place";
        System.out.printf("  read the provenance report: %s; uploaded by device %s, which signed in from %s%n",
                ((Map<?, ?>) report.get("verdict")).get("code"), upload.get("deviceId"), place);

        Map<String, Object> overview = agent.call("GET", path + "/account", null);
        System.out.printf("  read the account: %d session(s), %d device(s), %d alert(s)%n", size(overview.get("sessions")),
                size(overview.get("devices")), size(overview.get("alerts")));

        agent.call("POST", path + "/actions", "{\"kind\":\"sign-out-device\",\"deviceId\":\"" + upload.get("deviceId") + "\"}");
        System.out.printf("  signed out device %s on the owner's behalf%n", upload.get("deviceId"));

        String resolution = "The photo was uploaded by your other device " + upload.get("deviceId") + " after it signed in from " + place
                + ", and reached this phone by sync. I signed that device out; sign in on it again if it is yours.";
        Map<String, Object> resolved = agent.call("POST", path + "/resolve",
                JSONObjectUtils.toJSONString(Map.of("resolution", resolution)));
        System.out.printf("  resolved the case: %s%n", resolved.get("state"));
    }

    /** The report's first chain step of this kind, of {@code deviceId} unless that is null. */
    private static Map<?, ?> step(Map<String, Object> report, String kind, Object deviceId) {
        for (Object s : (List<?>) report.get("chain")) {
            if (s instanceof Map<?, ?> step && kind.equals(step.get("step")) && (deviceId == null || deviceId.equals(step.get("deviceId")))) {
                return step;
            }
        }
        throw new IllegalStateException("the provenance report has no " + kind + " step");
    }

    private static int size(Object list) {
        return list instanceof List<?> l ? l.size() : 0;
    }

    /** One staff API call with the bearer token; the JSON answer (empty for 204), or exits naming the refusal. */
    private Map<String, Object> call(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(auditUrl + path)).header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            System.err.printf("error: audit-service refused %s %s (HTTP %d): %s%n", method, path, response.statusCode(), response.body());
            System.exit(1);
        }
        return response.statusCode() == 204 ? Map.of() : JSONObjectUtils.parse(response.body());
    }
}
