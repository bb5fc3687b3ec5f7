package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One local device talking to the services: signs in with a DPoP proof, then calls with its
 * access token, refreshing it (and storing the rotated refresh token at once) when it has
 * expired or a service says it is no longer valid.
 */
public final class DeviceClient {
    /** Refresh this long before the access token's expiry, so a request never races it. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(15);

    private final ClientOptions options;
    private final DeviceHome home;
    private final DeviceInfo info;
    private final DpopHttpClient http;
    private final Clock clock;

    DeviceClient(ClientOptions options, DeviceHome home, Clock clock) {
        this.options = options;
        this.home = home;
        this.info = home.info();
        this.clock = clock;
        this.http = new DpopHttpClient(new DpopProofs(home.key(), clock), options.forwardedFor(), userAgent(info));
    }

    public static DeviceClient open(ClientOptions options) {
        return new DeviceClient(options, options.deviceHome(), Clock.systemUTC());
    }

    public DeviceInfo info() {
        return info;
    }

    public DeviceHome home() {
        return home;
    }

    /** {@code POST /v1/sessions}: the sign-in whose proof binds the new session to this device's key. */
    public StoredSession signIn(String login, String password, Map<String, Object> reportedLocation) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("login", login).put("password", password);
        ObjectNode device = body.putObject("device").put("name", info.name());
        putIfPresent(device, "model", info.model());
        putIfPresent(device, "os", info.os());
        putIfPresent(device, "appVersion", info.appVersion());
        if (reportedLocation != null) {
            body.set("location", Json.MAPPER.valueToTree(reportedLocation));
        }
        JsonNode answer = expectJson(
                Service.ACCOUNT,
                http.send(
                        Service.ACCOUNT.displayName(),
                        "POST",
                        Service.ACCOUNT.uri(options, "/v1/sessions"),
                        DpopHttpClient.Body.json(body),
                        null));
        String boundTo = answer.path("deviceId").asText(null);
        if (boundTo != null && !boundTo.equals(info.deviceId())) {
            throw new CliFailure("account-service bound the session to device " + boundTo
                    + ", not to this device's key " + info.deviceId());
        }
        StoredSession session = fromTokenAnswer(login, answer, null);
        home.saveSession(session);
        return session;
    }

    /** {@code POST /v1/sessions/refresh}: a new token pair; the old refresh token is spent. */
    public StoredSession refresh() {
        StoredSession current = home.requireSession();
        ObjectNode body = Json.MAPPER.createObjectNode().put("refreshToken", current.refreshToken());
        HttpResponse<byte[]> response = http.send(
                Service.ACCOUNT.displayName(),
                "POST",
                Service.ACCOUNT.uri(options, "/v1/sessions/refresh"),
                DpopHttpClient.Body.json(body),
                null);
        if (response.statusCode() == 401) {
            ApiProblem refused = problem(Service.ACCOUNT, response);
            throw new ApiProblem(
                    refused.service(),
                    refused.status(),
                    refused.title(),
                    (refused.detail() == null ? "" : refused.detail() + ". ") + "The session of device '" + home.name()
                            + "' has ended: sign in again with: login " + current.login() + " --device " + home.name());
        }
        StoredSession renewed = fromTokenAnswer(current.login(), expectJson(Service.ACCOUNT, response), current);
        home.saveSession(renewed);
        return renewed;
    }

    /**
     * An authenticated call; answers the JSON body (a missing node for an empty answer), or
     * throws {@link ApiProblem} with the service's problem details.
     */
    public JsonNode call(Service service, String method, String path, DpopHttpClient.Body body) {
        return expectJson(service, callRaw(service, method, path, body));
    }

    /** Like {@link #call} but answers the raw response for bodies that are not JSON. */
    public HttpResponse<byte[]> callRaw(Service service, String method, String path, DpopHttpClient.Body body) {
        StoredSession session = home.requireSession();
        boolean refreshed = false;
        if (session.accessTokenExpiresBefore(clock.instant().plus(EXPIRY_MARGIN))) {
            session = refresh();
            refreshed = true;
        }
        URI target = service.uri(options, path);
        HttpResponse<byte[]> response = http.send(service.displayName(), method, target, body, session.accessToken());
        if (response.statusCode() == 401 && !refreshed && !DpopHttpClient.isNonceChallenge(response)) {
            // The token may have expired early on the server's clock: one refresh, one retry.
            session = refresh();
            response = http.send(service.displayName(), method, target, body, session.accessToken());
        }
        if (response.statusCode() >= 400) {
            throw problem(service, response);
        }
        return response;
    }

    /** {@code POST /v1/accounts}: needs no device, so no proof. */
    public static JsonNode signUp(ClientOptions options, String login, String password, String displayName) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("login", login).put("password", password);
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        DpopHttpClient anonymous = new DpopHttpClient(null, options.forwardedFor(), "photosync-cli");
        return expectJson(
                Service.ACCOUNT,
                anonymous.send(
                        Service.ACCOUNT.displayName(),
                        "POST",
                        Service.ACCOUNT.uri(options, "/v1/accounts"),
                        DpopHttpClient.Body.json(body),
                        null));
    }

    private StoredSession fromTokenAnswer(String login, JsonNode answer, StoredSession previous) {
        String accessToken = answer.path("accessToken").asText(null);
        String refreshToken = answer.path("refreshToken").asText(null);
        if (accessToken == null || refreshToken == null) {
            throw new CliFailure("account-service answered without accessToken/refreshToken: " + answer);
        }
        long expiresIn = answer.path("expiresIn").asLong(0);
        Instant expiresAt = expiresIn > 0 ? clock.instant().plusSeconds(expiresIn) : null;
        String sessionId = answer.path("sessionId").asText(previous == null ? null : previous.sessionId());
        return new StoredSession(login, sessionId, accessToken, refreshToken, Objects.toString(expiresAt, null));
    }

    static JsonNode expectJson(Service service, HttpResponse<byte[]> response) {
        if (response.statusCode() >= 400) {
            throw problem(service, response);
        }
        if (response.body().length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new CliFailure(
                    service.displayName() + " answered " + response.statusCode() + " with a body that is not JSON", e);
        }
    }

    private static ApiProblem problem(Service service, HttpResponse<byte[]> response) {
        return ApiProblem.from(
                service.displayName(),
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                new String(response.body(), java.nio.charset.StandardCharsets.UTF_8),
                response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String userAgent(DeviceInfo info) {
        String platform =
                Stream.of(info.model(), info.os()).filter(Objects::nonNull).collect(Collectors.joining("; "));
        return "photosync-cli/1.0" + (platform.isEmpty() ? "" : " (" + platform + ")");
    }
}
