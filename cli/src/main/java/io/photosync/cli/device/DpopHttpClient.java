package io.photosync.cli.device;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP for a device: every request carries a fresh DPoP proof, and an access token as
 * {@code Authorization: DPoP …} when one is given. When a server demands a nonce
 * ({@code use_dpop_nonce} with a {@code DPoP-Nonce} header, RFC 9449 section 8/9) the request is
 * sent once more with it; the last nonce each server handed out is used from then on.
 */
public final class DpopHttpClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final DpopProofs proofs;
    private final String forwardedFor;
    private final String userAgent;
    private final Map<String, String> noncesByOrigin = new ConcurrentHashMap<>();

    /** @param proofs null for a client without a device (sign-up only): then no DPoP header is sent */
    public DpopHttpClient(DpopProofs proofs, String forwardedFor, String userAgent) {
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.proofs = proofs;
        this.forwardedFor = forwardedFor;
        this.userAgent = userAgent;
    }

    /** A request body and its media type. */
    public record Body(byte[] bytes, String contentType) {
        public static Body json(Object value) {
            try {
                return new Body(Json.MAPPER.writeValueAsBytes(value), "application/json");
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    /**
     * Sends the request; answers whatever the server finally said (the caller decides what a
     * status means). Only a network failure throws.
     *
     * @param service     the service's name, for messages
     * @param body        null for none
     * @param accessToken null for a request without a token
     */
    public HttpResponse<byte[]> send(String service, String method, URI target, Body body, String accessToken) {
        String origin = origin(target);
        HttpResponse<byte[]> response =
                sendOnce(service, method, target, body, accessToken, noncesByOrigin.get(origin));
        rememberNonce(origin, response);
        if (isNonceChallenge(response)) {
            String nonce = response.headers().firstValue("DPoP-Nonce").orElse(null);
            if (nonce != null) {
                response = sendOnce(service, method, target, body, accessToken, nonce);
                rememberNonce(origin, response);
            }
        }
        return response;
    }

    private HttpResponse<byte[]> sendOnce(
            String service, String method, URI target, Body body, String accessToken, String nonce) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(TIMEOUT)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", userAgent)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        if (proofs != null) {
            request.header("DPoP", proofs.proof(method, target, accessToken, nonce));
        }
        if (body != null) {
            request.header("Content-Type", body.contentType());
        }
        if (accessToken != null) {
            request.header("Authorization", "DPoP " + accessToken);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliFailure("cannot reach " + service + " at " + origin(target) + " (is it running?)", e);
        } catch (IOException e) {
            throw new CliFailure("request to " + service + " at " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while waiting for " + service, e);
        }
    }

    /**
     * RFC 9449: 401 with {@code WWW-Authenticate: DPoP error="use_dpop_nonce"} (resource server) or 400 {@code
     * {"error":"use_dpop_nonce"}} (authorization server).
     */
    static boolean isNonceChallenge(HttpResponse<byte[]> response) {
        if (response.statusCode() == 401) {
            return response.headers().allValues("WWW-Authenticate").stream()
                    .anyMatch(challenge ->
                            challenge.toLowerCase(Locale.ROOT).replace(" ", "").contains("error=\"use_dpop_nonce\""));
        }
        if (response.statusCode() == 400) {
            try {
                return "use_dpop_nonce"
                        .equals(Json.MAPPER
                                .readTree(response.body())
                                .path("error")
                                .asText());
            } catch (IOException notJson) {
                return false;
            }
        }
        return false;
    }

    private void rememberNonce(String origin, HttpResponse<byte[]> response) {
        response.headers().firstValue("DPoP-Nonce").ifPresent(nonce -> noncesByOrigin.put(origin, nonce));
    }

    private static String origin(URI target) {
        return target.getScheme() + "://" + target.getRawAuthority();
    }
}
