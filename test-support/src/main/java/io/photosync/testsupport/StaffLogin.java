package io.photosync.testsupport;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signs staff in to the staff identity provider ({@link StaffIdentityProvider}) as a browser does: the
 * authorization code flow with PKCE S256 through Keycloak's own login page, scripted with java.net.http (a
 * cookie jar, every redirect followed by hand, the login form's action read from the page).
 * <pre>
 * StaffLogin login = new StaffLogin(URI.create("http://localhost:8083/console/callback"));
 * String accessToken = login.accessToken("agent-ana", "ana-test-password");
 * </pre>
 * {@link Browser#signInThrough} signs in through a relying party instead: from the app's URL to Keycloak's
 * login page and back, keeping the cookies for the requests that follow.
 */
public final class StaffLogin {
    private static final Pattern FORM_TAG = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    /** What Keycloak's pages say went wrong: the login form's feedback, or an error page's message. */
    private static final Pattern FEEDBACK =
            Pattern.compile("(?:kc-feedback-text|class=\"instruction)[^>]*>\\s*([^<]*?)\\s*<");

    private static final Pattern ENTITY = Pattern.compile("&(amp|quot|apos|lt|gt|#[0-9]+|#x[0-9a-fA-F]+);");
    private static final int MAX_HOPS = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient BACKCHANNEL =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI redirectUri;

    /**
     * {@code redirectUri}: where Keycloak sends the code, any URL the client accepts (e.g. {@code http://localhost:<any
     * port>/console/...}); nothing needs to listen there.
     */
    public StaffLogin(URI redirectUri) {
        this.redirectUri = redirectUri;
    }

    /** The tokens of a sign-in: the access token, and the ID token ({@code scope=openid}). */
    public record Tokens(String accessToken, String idToken) {}

    /** Keycloak did not sign the user in: {@code feedback} is what its page or error redirect said. */
    public static final class SignInRefused extends RuntimeException {
        private final int status;
        private final String feedback;

        SignInRefused(int status, String feedback, URI where) {
            super("Keycloak refused the sign-in: " + feedback + " (HTTP " + status + " at " + where + ")");
            this.status = status;
            this.feedback = feedback;
        }

        public int status() {
            return status;
        }

        public String feedback() {
            return feedback;
        }
    }

    public String accessToken(String username, String password) {
        return signIn(username, password).accessToken();
    }

    /**
     * The whole flow in a new browser: the authorization request with a fresh code verifier and state, the login
     * form submitted, the code taken from the redirect to {@code redirectUri} (its state checked) and exchanged at
     * the token endpoint with the verifier and the client secret.
     *
     * @throws SignInRefused when Keycloak shows its login page again (a wrong password) or refuses the request
     */
    public Tokens signIn(String username, String password) {
        String verifier = randomBase64Url();
        String state = randomBase64Url();
        Browser browser = new Browser();
        HttpResponse<String> last = browser.navigate(
                authorizationRequest(state, codeChallenge(verifier)),
                username,
                password,
                uri -> uri.toString().startsWith(redirectUri.toString()));
        if (!Browser.isRedirect(last)) {
            throw refused(last);
        }
        Map<String, String> callback = queryParameters(Browser.location(last));
        if (callback.containsKey("error")) {
            throw new SignInRefused(
                    last.statusCode(), callback.get("error") + ": " + callback.get("error_description"), last.uri());
        }
        if (!state.equals(callback.get("state")) || callback.get("code") == null) {
            throw new IllegalStateException(
                    "the redirect to " + redirectUri + " has no code or another state: " + Browser.location(last));
        }
        return exchange(callback.get("code"), verifier);
    }

    /**
     * The authorization request of client support-console for {@code redirectUri} ({@code scope=openid}); {@code
     * codeChallenge} is the S256 challenge, or null for a request without PKCE (which this client must refuse).
     */
    public URI authorizationRequest(String state, String codeChallenge) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", StaffIdentityProvider.CLIENT_ID);
        query.put("redirect_uri", redirectUri.toString());
        query.put("scope", "openid");
        query.put("state", state);
        if (codeChallenge != null) {
            query.put("code_challenge", codeChallenge);
            query.put("code_challenge_method", "S256");
        }
        return URI.create(StaffIdentityProvider.authorizationEndpoint() + "?" + formEncoded(query));
    }

    /** The PKCE S256 challenge of a verifier (RFC 7636): base64url of its SHA-256, unpadded. */
    public static String codeChallenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A form body or query string, each name and value URL-encoded. */
    public static String formEncoded(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /**
     * Exchanges a code that Keycloak sent to {@code redirectUri} at the token endpoint, as client support-console with
     * its secret.
     */
    public Tokens exchange(String code, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("code_verifier", verifier);
        HttpResponse<String> response = Browser.send(
                BACKCHANNEL,
                HttpRequest.newBuilder(StaffIdentityProvider.tokenEndpoint())
                        .header("Authorization", clientSecretBasic())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(formEncoded(form))));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "the token endpoint refused the code: " + response.statusCode() + " " + response.body());
        }
        try {
            Map<String, Object> tokens = JSONObjectUtils.parse(response.body());
            return new Tokens((String) tokens.get("access_token"), (String) tokens.get("id_token"));
        } catch (ParseException e) {
            throw new IllegalStateException("the token endpoint answered no JSON: " + response.body(), e);
        }
    }

    /** {@code Authorization: Basic} of client support-console and its secret (RFC 6749 §2.3.1). */
    public static String clientSecretBasic() {
        String pair = URLEncoder.encode(StaffIdentityProvider.CLIENT_ID, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(StaffIdentityProvider.CLIENT_SECRET, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static SignInRefused refused(HttpResponse<String> page) {
        Matcher feedback = FEEDBACK.matcher(page.body());
        return new SignInRefused(
                page.statusCode(),
                feedback.find() ? unescape(feedback.group(1)) : "no message on the page",
                page.uri());
    }

    /** The query parameters of a URI, decoded (the last of a repeated name). */
    public static Map<String, String> queryParameters(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                parameters.put(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /** A PKCE code verifier, or a state: 32 random bytes, base64url. */
    public static String randomBase64Url() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String unescape(String html) {
        return ENTITY.matcher(html)
                .replaceAll(m -> Matcher.quoteReplacement(
                        switch (m.group(1)) {
                            case "amp" -> "&";
                            case "quot" -> "\"";
                            case "apos" -> "'";
                            case "lt" -> "<";
                            case "gt" -> ">";
                            default ->
                                Character.toString(
                                        m.group(1).startsWith("#x")
                                                ? Integer.parseInt(m.group(1).substring(2), 16)
                                                : Integer.parseInt(m.group(1).substring(1)));
                        }));
    }

    /**
     * A browser session: an HttpClient with its own cookie jar that never follows redirects by itself. Like
     * browsers, it sends {@code Secure} cookies to {@code http://localhost} (Keycloak marks its login cookies
     * {@code Secure; SameSite=None} even over plain HTTP).
     */
    public static final class Browser {
        private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new LocalhostIsSecure(cookies))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        public HttpClient http() {
            return http;
        }

        public CookieManager cookies() {
            return cookies;
        }

        /** One GET, its redirect not followed. */
        public HttpResponse<String> get(URI uri) {
            return send(HttpRequest.newBuilder(uri).GET());
        }

        /**
         * Starts at {@code start} (an app's URL that sends a browser without a session to Keycloak), follows every
         * redirect, submits the credentials when Keycloak's login page is reached, and follows back into the app.
         *
         * @return the first answer that is neither a redirect nor Keycloak's login page, e.g. the app's page
         * @throws SignInRefused when the login page comes back after the credentials were submitted
         */
        public HttpResponse<String> signInThrough(URI start, String username, String password) {
            return navigate(start, username, password, uri -> false);
        }

        /**
         * As {@link #signInThrough}, but stops at (without requesting) the first redirect to a URL {@code stopAt}
         * accepts.
         */
        HttpResponse<String> navigate(URI start, String username, String password, Predicate<URI> stopAt) {
            HttpResponse<String> response = get(start);
            boolean submitted = false;
            for (int hop = 0; hop < MAX_HOPS; hop++) {
                if (isRedirect(response)) {
                    URI next = location(response);
                    if (stopAt.test(next)) {
                        return response;
                    }
                    response = get(next);
                } else if (isLoginPage(response)) {
                    if (submitted) {
                        throw refused(response);
                    }
                    response = submitLogin(response, username, password);
                    submitted = true;
                } else {
                    return response;
                }
            }
            throw new IllegalStateException(
                    "more than " + MAX_HOPS + " redirects from " + start + ", last at " + response.uri());
        }

        private HttpResponse<String> submitLogin(HttpResponse<String> page, String username, String password) {
            Matcher form = FORM_TAG.matcher(page.body());
            while (form.find()) {
                Matcher action = ACTION.matcher(form.group());
                if (form.group().contains("id=\"kc-form-login\"") && action.find()) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    fields.put("username", username);
                    fields.put("password", password);
                    fields.put("credentialId", "");
                    return send(HttpRequest.newBuilder(page.uri().resolve(unescape(action.group(1))))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(formEncoded(fields))));
                }
            }
            throw new IllegalStateException(
                    "Keycloak's login page at " + page.uri() + " has no kc-form-login form with an action");
        }

        private static boolean isLoginPage(HttpResponse<String> response) {
            return response.uri()
                            .toString()
                            .startsWith(StaffIdentityProvider.realmUrl().toString())
                    && response.body().contains("id=\"kc-form-login\"");
        }

        static boolean isRedirect(HttpResponse<String> response) {
            int status = response.statusCode();
            return (status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                    && response.headers().firstValue("Location").isPresent();
        }

        static URI location(HttpResponse<String> response) {
            return response.uri()
                    .resolve(response.headers().firstValue("Location").orElseThrow());
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            return send(http, request);
        }

        static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
            try {
                return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException("request failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Cookies of {@code http://localhost} are stored and sent as for {@code https://localhost}, as browsers do. */
    private static final class LocalhostIsSecure extends CookieHandler {
        private final CookieManager cookies;

        LocalhostIsSecure(CookieManager cookies) {
            this.cookies = cookies;
        }

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
            return cookies.get(asSecure(uri), requestHeaders);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
            cookies.put(asSecure(uri), responseHeaders);
        }

        private static URI asSecure(URI uri) {
            return "http".equals(uri.getScheme()) && "localhost".equals(uri.getHost())
                    ? URI.create("https" + uri.toString().substring("http".length()))
                    : uri;
        }
    }
}
