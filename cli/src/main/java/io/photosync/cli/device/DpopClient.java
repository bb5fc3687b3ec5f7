package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;

/**
 * HTTP as a device does it (RFC 9449): every request carries a DPoP proof made with the device key
 * (Nimbus JOSE+JWT), {@code Authorization: DPoP <token>} once signed in; a server nonce demand
 * ({@code use_dpop_nonce}) is answered once, and an expired access token is refreshed once.
 */
final class DpopClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final DeviceHome home;
    private String nonce;

    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    DpopClient(DeviceHome home) {
        this.home = home;
    }

    /** A request without an access token (sign-in, refresh). */
    Answer send(String method, URI uri, HttpRequest.BodyPublisher body, String contentType) throws IOException {
        return exchange(method, uri, body, contentType, null);
    }

    /** A request with the stored access token; refreshes the token pair once when it has expired. */
    Answer sendAuthorized(String method, URI uri, HttpRequest.BodyPublisher body, String contentType) throws IOException {
        String token = home.require("accessToken", "sign in with 'login'");
        Answer a = exchange(method, uri, body, contentType, token);
        if (a.status() == 401 && home.get("refreshToken").isPresent() && refreshed()) {
            a = exchange(method, uri, body, contentType, home.require("accessToken", "sign in with 'login'"));
        }
        return a;
    }

    /** POST /v1/sessions/refresh: rotates the pair (the old refresh token is spent); false when refused. */
    private boolean refreshed() throws IOException {
        URI uri = URI.create(home.require("accountUrl", "sign in with 'login'")).resolve("/v1/sessions/refresh");
        ObjectNode body = JSON.createObjectNode().put("refreshToken", home.require("refreshToken", "sign in with 'login'"));
        Answer a = send("POST", uri, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)), "application/json");
        if (a.status() != 200) {
            return false;
        }
        storeTokens(a.json());
        return true;
    }

    void storeTokens(JsonNode pair) throws IOException {
        home.put("accessToken", pair.path("accessToken").asText());
        home.put("refreshToken", pair.path("refreshToken").asText());
        home.save();
    }

    private Answer exchange(String method, URI uri, HttpRequest.BodyPublisher body, String contentType, String token) throws IOException {
        Answer a = once(method, uri, body, contentType, token);
        if (demandsNonce(a)) {
            a = once(method, uri, body, contentType, token);
        }
        return a;
    }

    private Answer once(String method, URI uri, HttpRequest.BodyPublisher body, String contentType, String token) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body)
                .header("DPoP", proof(method, uri, token))
                .header("Accept", "application/json");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "DPoP " + token);
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            r.headers().firstValue("DPoP-Nonce").ifPresent(n -> nonce = n);
            return new Answer(r.statusCode(), r.body(), r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static boolean demandsNonce(Answer a) {
        return (a.status() == 400 || a.status() == 401) && a.response().headers().firstValue("DPoP-Nonce").isPresent()
                && (a.body().contains("use_dpop_nonce")
                || a.response().headers().allValues("WWW-Authenticate").stream().anyMatch(h -> h.contains("use_dpop_nonce")));
    }

    private String proof(String method, URI uri, String token) throws IOException {
        ECKey key = home.key();
        String htu = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", method)
                .claim("htu", htu)
                .issueTime(new Date());
        if (token != null) {
            claims.claim("ath", sha256(token));
        }
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build();
        try {
            SignedJWT jwt = new SignedJWT(header, claims.build());
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IOException("cannot sign a DPoP proof", e);
        }
    }

    private static String sha256(String token) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII))).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
