package io.photosync.common.source;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.photosync.common.dpop.JtiReplayStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link SourceToken} (used by the receiving service: audit-service for log submissions,
 * account-service for its support API): a known source's key, ES256 signature, {@code typ},
 * {@code iss} = {@code kid}, this service's audience, time window, lifetime, body hash, and single use
 * of {@code jti} through a {@link JtiReplayStore} shared by all replicas.
 */
public final class SourceTokenVerifier {
    /** What a token's replay is told. */
    public static final String REPLAYED = "source token has already been used (jti replay)";

    static final int MAX_TOKEN_LENGTH = 2048;
    private static final int MAX_JTI_LENGTH = 128;

    private final String audience;
    private final Map<String, ECDSAVerifier> verifiers = new HashMap<>();
    private final JtiReplayStore jtiStore;
    private final Duration clockSkew;
    private final Clock clock;

    /**
     * @param audience   the {@code aud} a token must name: this service
     * @param publicJwks per source name, its public P-256 JWK (JSON)
     */
    public SourceTokenVerifier(
            String audience, Map<String, String> publicJwks, JtiReplayStore jtiStore, Duration clockSkew, Clock clock) {
        this.audience = audience;
        publicJwks.forEach((source, json) -> {
            try {
                JWK jwk = JWK.parse(json);
                if (!(jwk instanceof ECKey ec) || ec.isPrivate() || !Curve.P_256.equals(ec.getCurve())) {
                    throw new IllegalArgumentException(
                            "the key of source " + source + " must be a public P-256 EC JWK");
                }
                ECDSAVerifier verifier = new ECDSAVerifier(ec);
                verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
                verifiers.put(source, verifier);
            } catch (ParseException | JOSEException e) {
                throw new IllegalArgumentException("the key of source " + source + " is not a usable JWK", e);
            }
        });
        this.jtiStore = jtiStore;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    /** The verifier of log submissions: audience {@value SourceToken#AUDIENCE}. */
    public SourceTokenVerifier(
            Map<String, String> publicJwks, JtiReplayStore jtiStore, Duration clockSkew, Clock clock) {
        this(SourceToken.AUDIENCE, publicJwks, jtiStore, clockSkew, clock);
    }

    /**
     * A token that passed every check but single use.
     *
     * @param jtiKey the key its {@code jti} is spent under, in the {@link JtiReplayStore}'s table
     * @param forgetAfter when that key may be forgotten: the token can no longer pass by then
     */
    public record Checked(String source, String jtiKey, Instant forgetAfter) {}

    /**
     * Every check, and the {@code jti}'s single use through the {@link JtiReplayStore}.
     *
     * @param authorization the whole {@code Authorization} header value
     * @param body          the exact request body bytes
     * @return the authenticated source name
     */
    public String verify(String authorization, byte[] body) throws SourceAuthException {
        Checked checked = check(authorization, body);
        if (!jtiStore.firstUse(checked.jtiKey(), checked.forgetAfter())) {
            throw new SourceAuthException(REPLAYED);
        }
        return checked.source();
    }

    /**
     * Every check but single use, for a receiver that records the {@code jti} in the transaction of the work the
     * token asks for (so that the token produces at most one effect) and refuses a replay with {@link #REPLAYED}.
     */
    public Checked check(String authorization, byte[] body) throws SourceAuthException {
        String prefix = SourceToken.SCHEME + " ";
        if (authorization == null || !authorization.startsWith(prefix)) {
            throw new SourceAuthException("expected Authorization: " + SourceToken.SCHEME + " <token>");
        }
        String token = authorization.substring(prefix.length()).trim();
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new SourceAuthException("source token too long");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new SourceAuthException("source token is not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || !SourceToken.TYPE.equals(header.getType())) {
            throw new SourceAuthException("source token must be ES256 with typ " + SourceToken.TYPE);
        }
        String source = header.getKeyID();
        ECDSAVerifier verifier = source == null ? null : verifiers.get(source);
        if (verifier == null) {
            throw new SourceAuthException("unknown source");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new SourceAuthException("source token signature is invalid");
            }
        } catch (JOSEException e) {
            throw new SourceAuthException("source token signature cannot be checked");
        }
        if (!source.equals(claims.getIssuer())) {
            throw new SourceAuthException("iss must be the source named by kid");
        }
        List<String> tokenAudience = claims.getAudience();
        if (tokenAudience == null || !tokenAudience.equals(List.of(audience))) {
            throw new SourceAuthException("aud must be " + audience);
        }
        Instant expiresAt = checkTimes(claims);
        String bodyHash = stringClaim(claims, SourceToken.BODY_HASH_CLAIM);
        if (bodyHash == null
                || !MessageDigest.isEqual(
                        bodyHash.getBytes(StandardCharsets.US_ASCII),
                        SourceToken.bodyHash(body).getBytes(StandardCharsets.US_ASCII))) {
            throw new SourceAuthException("bsh does not match the request body");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
            throw new SourceAuthException("jti missing or too long");
        }
        // Spent last, so that a token refused for another reason does not use up its jti.
        return new Checked(source, "source:" + source + ":" + jti, expiresAt.plus(clockSkew));
    }

    private Instant checkTimes(JWTClaimsSet claims) throws SourceAuthException {
        Date iat = claims.getIssueTime();
        Date exp = claims.getExpirationTime();
        if (iat == null || exp == null) {
            throw new SourceAuthException("iat and exp are required");
        }
        Instant issuedAt = iat.toInstant();
        Instant expiresAt = exp.toInstant();
        Instant now = clock.instant();
        if (issuedAt.isAfter(now.plus(clockSkew))) {
            throw new SourceAuthException("iat is in the future");
        }
        if (!expiresAt.isAfter(now.minus(clockSkew))) {
            throw new SourceAuthException("source token has expired");
        }
        if (expiresAt.isBefore(issuedAt)
                || Duration.between(issuedAt, expiresAt).getSeconds() > SourceToken.MAX_LIFETIME_SECONDS) {
            throw new SourceAuthException("a source token lives at most " + SourceToken.MAX_LIFETIME_SECONDS + " s");
        }
        return expiresAt;
    }

    private static String stringClaim(JWTClaimsSet claims, String name) throws SourceAuthException {
        Object value = claims.getClaim(name);
        if (value != null && !(value instanceof String)) {
            throw new SourceAuthException(name + " must be a string");
        }
        return (String) value;
    }
}
