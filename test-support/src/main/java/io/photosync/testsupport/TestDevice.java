package io.photosync.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * A simulated phone for tests: an EC P-256 key, and DPoP proofs made with Nimbus JOSE+JWT, a
 * library independent of the servers' verification code.
 */
public final class TestDevice {
    private final ECKey key;

    private TestDevice(ECKey key) {
        this.key = key;
    }

    public static TestDevice generate() {
        try {
            return new TestDevice(new ECKeyGenerator(Curve.P_256).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The device id: RFC 7638 thumbprint of the public key. */
    public String id() {
        try {
            return key.toPublicJWK().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public ECKey key() {
        return key;
    }

    /** A proof for a request without an access token (sign-in, refresh). */
    public String proof(String method, String url) {
        return proof(method, url, null, null, Instant.now());
    }

    /** A proof for a request carrying {@code accessToken}. */
    public String proof(String method, String url, String accessToken) {
        return proof(method, url, accessToken, null, Instant.now());
    }

    public String proof(String method, String url, String accessToken, String nonce, Instant issuedAt) {
        return sign(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("dpop+jwt"))
                        .jwk(key.toPublicJWK())
                        .build(),
                claims(method, url, accessToken, nonce, issuedAt).build());
    }

    /** Claims of a well-formed proof, for tests that then break one thing. */
    public static JWTClaimsSet.Builder claims(
            String method, String url, String accessToken, String nonce, Instant issuedAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", method)
                .claim("htu", url)
                .issueTime(Date.from(issuedAt));
        if (accessToken != null) {
            claims.claim("ath", accessTokenHash(accessToken));
        }
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return claims;
    }

    /** Signs arbitrary header and claims with this device's key. */
    public String sign(JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String accessTokenHash(String accessToken) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64URL.encode(digest).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
