package io.photosync.cli.device;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.UUID;

/** Makes this device's DPoP proofs (RFC 9449 section 4.2) with its private key. */
public final class DpopProofs {
    private final ECKey key;
    private final ECDSASigner signer;
    private final Clock clock;

    public DpopProofs(ECKey key, Clock clock) {
        try {
            this.key = key;
            this.signer = new ECDSASigner(key);
            this.clock = clock;
        } catch (JOSEException e) {
            throw new CliFailure("the device key cannot sign: " + e.getMessage(), e);
        }
    }

    /** This device's id: the RFC 7638 SHA-256 thumbprint of its public key. */
    public static String deviceId(ECKey key) {
        try {
            return key.toPublicJWK().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param accessToken the token the request carries, or null (sign-in, refresh)
     * @param nonce       the server's last {@code DPoP-Nonce}, or null
     */
    public String proof(String method, URI target, String accessToken, String nonce) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", method)
                .claim("htu", htu(target))
                .issueTime(Date.from(clock.instant()));
        if (accessToken != null) {
            claims.claim("ath", accessTokenHash(accessToken));
        }
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new CliFailure("cannot sign a DPoP proof: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** {@code htu}: the target URI without query and fragment (RFC 9449 section 4.2). */
    static String htu(URI target) {
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        return target.getScheme() + "://" + target.getRawAuthority() + path;
    }

    /** {@code ath}: base64url SHA-256 of the access token's ASCII bytes. */
    static String accessTokenHash(String accessToken) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64URL.encode(digest).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
