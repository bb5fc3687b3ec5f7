package io.photosync.common.source;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Signs the {@link SourceToken} for one request body of one source, for one audience (the outbox
 * relays: audit-service; audit-service: account-service's support API).
 */
public final class SourceTokenSigner {
    private final String source;
    private final String audience;
    private final ECDSASigner signer;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param privateJwk the source's private P-256 JWK (JSON), from configuration or a secret
     * @param audience   the {@code aud}: the service the token is for
     * @param lifetime   how long a token is valid, at most {@link SourceToken#MAX_LIFETIME_SECONDS}
     */
    public SourceTokenSigner(String source, String privateJwk, String audience, Duration lifetime, Clock clock) {
        if (lifetime.isNegative() || lifetime.getSeconds() > SourceToken.MAX_LIFETIME_SECONDS) {
            throw new IllegalArgumentException(
                    "a source token lives at most " + SourceToken.MAX_LIFETIME_SECONDS + " s");
        }
        try {
            JWK jwk = JWK.parse(privateJwk);
            if (!(jwk instanceof ECKey ec) || !ec.isPrivate() || !Curve.P_256.equals(ec.getCurve())) {
                throw new IllegalArgumentException("the source key must be a private P-256 EC JWK");
            }
            this.signer = new ECDSASigner(ec);
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("the source key is not a usable JWK: " + e.getMessage(), e);
        }
        this.source = source;
        this.audience = audience;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A signer for log submissions to audit-service. */
    public SourceTokenSigner(String source, String privateJwk, Duration lifetime, Clock clock) {
        this(source, privateJwk, SourceToken.AUDIENCE, lifetime, clock);
    }

    public SourceTokenSigner(String source, String privateJwk, String audience) {
        this(source, privateJwk, audience, Duration.ofSeconds(30), Clock.systemUTC());
    }

    /** A signer for log submissions to audit-service. */
    public SourceTokenSigner(String source, String privateJwk) {
        this(source, privateJwk, SourceToken.AUDIENCE);
    }

    public String source() {
        return source;
    }

    /** The value of the {@code Authorization} header for a request carrying exactly {@code body}. */
    public String authorization(byte[] body) {
        return SourceToken.SCHEME + " " + token(body);
    }

    public String token(byte[] body) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(source)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim(SourceToken.BODY_HASH_CLAIM, SourceToken.bodyHash(body))
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(SourceToken.TYPE)
                .keyID(source)
                .build();
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a source token", e);
        }
    }
}
