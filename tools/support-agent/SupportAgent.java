import com.nimbusds.jose.util.JSONObjectUtils;
import io.photosync.testsupport.StaffLogin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A support agent for bin/demo, working a case in the support console (docs/SUPPORT.md "Console") as a browser
 * without JavaScript would: signs in to the staff Keycloak through the console (authorization-code flow with PKCE,
 * test-support's StaffLogin.Browser), opens the case page (which reads the account's sessions, devices and alerts),
 * takes the case, reads the provenance report of its photo, signs out the device that uploaded the photo and resolves
 * the case with what it found, each form posted with its one-time token. Each read and action is an entry on the
 * owner's access chain first. Not part of the cli: the cli is the phone's tool; this is staff's.
 * <pre>
 *   java -cp test-support/target/classes:NIMBUS_JOSE_JWT_JAR tools/support-agent/SupportAgent.java AUDIT_URL CASE_ID
 * </pre>
 * The agent's test credentials come from AGENT_USER and AGENT_PASSWORD (default agent-ana / ana-test-password, of
 * keycloak/photosync-staff-realm.json).
 */
public class SupportAgent {
    private static final Pattern WHO = Pattern.compile("(S-\\d{4}) \\(support-agent\\)");

    private final StaffLogin.Browser browser = new StaffLogin.Browser();
    private final String casePage;

    SupportAgent(String auditUrl, String caseId) {
        this.casePage = auditUrl.replaceAll("/+$", "") + "/console/cases/" + caseId;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SupportAgent AUDIT_URL CASE_ID");
            System.exit(2);
        }
        String user = System.getenv().getOrDefault("AGENT_USER", "agent-ana");
        String password = System.getenv().getOrDefault("AGENT_PASSWORD", "ana-test-password");
        SupportAgent agent = new SupportAgent(args[0], args[1]);
        String page = agent.expectPage(agent.browser.signInThrough(URI.create(agent.casePage), user, password));
        Matcher who = WHO.matcher(page);
        System.out.printf(
                "%s signed in to Keycloak through the console (%s) and opened case %s%n",
                user, who.find() ? who.group(1) : "?", args[1]);
        System.out.printf(
                "  the owner asks: %s%n",
                unescape(between(page, "<blockquote id=\"question\" class=\"text\">", "</blockquote>")));
        System.out.printf(
                "  the case page shows the account's sessions and devices: %d sign-out button(s)%n",
                page.split("class=\"sign-out\"", -1).length - 1);

        agent.post(page, "/assign", Map.of());
        System.out.printf("  took the case%n");

        HttpResponse<String> answer = agent.browser
                .http()
                .send(
                        HttpRequest.newBuilder(URI.create(agent.casePage + "/provenance"))
                                .header("Accept", "application/json")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Map<String, Object> report = JSONObjectUtils.parse(agent.expectPage(answer));
        Map<?, ?> upload = step(report, "UPLOAD", null);
        Map<?, ?> signIn = step(report, "SIGN_IN", upload.get("deviceId"));
        Object place = signIn.get("location") instanceof Map<?, ?> location ? location.get("city") : "an unknown place";
        System.out.printf(
                "  read the provenance report: %s; uploaded by \"%s\" (device %s), which signed in from %s%n",
                ((Map<?, ?>) report.get("verdict")).get("code"),
                upload.get("deviceName"),
                upload.get("deviceId"),
                place);

        page = agent.page();
        agent.post(
                formOf(page, "/sign-out", "name=\"deviceId\" value=\"" + upload.get("deviceId") + "\""),
                "/sign-out",
                Map.of("deviceId", upload.get("deviceId").toString()));
        System.out.printf("  signed out device %s on the owner's behalf (confirmed)%n", upload.get("deviceId"));

        String resolution = "The photo was uploaded by your other device \"" + upload.get("deviceName")
                + "\" after it signed in from " + place
                + ", and reached this phone by sync. I signed that device out; sign in on it again if it is yours.";
        page = agent.post(agent.page(), "/resolve", Map.of("resolution", resolution));
        System.out.printf("  resolved the case: %s%n", between(page, "<dd id=\"case-state\">", "</dd>"));
    }

    private String page() throws Exception {
        return expectPage(browser.get(URI.create(casePage)));
    }

    /**
     * Posts the form of {@code html} whose action ends with {@code action}, with its one-time token; answers the page
     * after.
     */
    private String post(String html, String action, Map<String, String> fields) throws Exception {
        Map<String, String> form = new java.util.LinkedHashMap<>(fields);
        form.put("token", tokenOf(html, action));
        HttpResponse<String> answer = browser.http()
                .send(
                        HttpRequest.newBuilder(URI.create(casePage + action))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(StaffLogin.formEncoded(form)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 303) {
            fail("the console refused " + action + " (HTTP " + answer.statusCode() + "): " + answer.body());
        }
        return page();
    }

    /**
     * The one form (from its opening tag to its end) of {@code html} posting to {@code action} and holding {@code
     * marker}.
     */
    private static String formOf(String html, String action, String marker) {
        for (String form : html.split("<form ")) {
            if (form.contains(action + "\"") && form.contains(marker)) {
                return form.substring(0, form.indexOf("</form>"));
            }
        }
        return fail("the case page has no " + action + " form with " + marker);
    }

    private static String tokenOf(String html, String action) {
        Matcher token = Pattern.compile("action=\"[^\"]*" + Pattern.quote(action)
                        + "\"[^>]*>\\s*<input type=\"hidden\" name=\"token\" value=\"([^\"]+)\"")
                .matcher(html);
        return token.find() ? token.group(1) : fail("the case page has no " + action + " form");
    }

    private String expectPage(HttpResponse<String> answer) {
        if (answer.statusCode() != 200) {
            fail("the console answered HTTP " + answer.statusCode() + " at " + answer.uri() + ": " + answer.body());
        }
        return answer.body();
    }

    /** The report's first chain step of this kind, of {@code deviceId} unless that is null. */
    private static Map<?, ?> step(Map<String, Object> report, String kind, Object deviceId) {
        for (Object s : (List<?>) report.get("chain")) {
            if (s instanceof Map<?, ?> step
                    && kind.equals(step.get("step"))
                    && (deviceId == null || deviceId.equals(step.get("deviceId")))) {
                return step;
            }
        }
        return fail("the provenance report has no " + kind + " step");
    }

    private static String between(String html, String start, String end) {
        int from = html.indexOf(start);
        return from < 0 ? "?" : html.substring(from + start.length(), html.indexOf(end, from));
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static <T> T fail(String why) {
        System.err.println("error: " + why);
        System.exit(1);
        return null;
    }
}
