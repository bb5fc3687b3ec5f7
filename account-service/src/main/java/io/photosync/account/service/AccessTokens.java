package io.photosync.account.service;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.photosync.account.config.AccountConfig;
import io.photosync.account.model.DeviceSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Issues and checks ES256 access tokens bound to the device key ({@code cnf.jkt}). */
@ApplicationScoped
public class AccessTokens {
    public static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
    private static final long CLOCK_SKEW_SECONDS = 30;

    @Inject
    AccountConfig config;

    @Inject
    SigningKeys keys;

    /** What a checked access token says. */
    public record Claims(UUID accountId, UUID sessionId, String deviceId, String jkt, Instant expiresAt) {}

    public static class InvalidToken extends Exception {
        public InvalidToken(String message) {
            super(message, null, false, false);
        }
    }

    /** A token for the session, issued {@code now}, expiring at {@code expiresAt}. */
    public String issue(DeviceSession session, Instant now, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(config.issuer())
                .audience(config.audience())
                .subject(session.accountId.toString())
                .claim("sid", session.id.toString())
                .claim("did", session.deviceId)
                .claim("cnf", Map.of("jkt", session.deviceId))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim("groups", List.of("user"))
                .build();
        return keys.sign(TYPE, claims.toPayload());
    }

    public Claims verify(String token, Instant now) throws InvalidToken {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidToken("access token is not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())
                || !TYPE.equals(header.getType())
                || header.getKeyID() == null) {
            throw new InvalidToken("access token header is not ours");
        }
        ECKey key = keys.verificationKey(header.getKeyID())
                .orElseThrow(() -> new InvalidToken("access token signed by an unknown key"));
        try {
            ECDSAVerifier verifier = new ECDSAVerifier(key);
            verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
            if (!jwt.verify(verifier)) {
                throw new InvalidToken("access token signature is invalid");
            }
        } catch (JOSEException e) {
            throw new InvalidToken("access token signature cannot be checked");
        }
        if (!config.issuer().equals(claims.getIssuer())
                || claims.getAudience() == null
                || !claims.getAudience().contains(config.audience())) {
            throw new InvalidToken("access token is for another issuer or audience");
        }
        if (claims.getExpirationTime() == null
                || !now.isBefore(claims.getExpirationTime().toInstant())) {
            throw new InvalidToken("access token has expired");
        }
        if (claims.getIssueTime() == null
                || claims.getIssueTime().toInstant().isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS))) {
            throw new InvalidToken("access token issued in the future");
        }
        try {
            Map<String, Object> cnf = claims.getJSONObjectClaim("cnf");
            Object jkt = cnf == null ? null : cnf.get("jkt");
            String sid = claims.getStringClaim("sid");
            String did = claims.getStringClaim("did");
            if (!(jkt instanceof String boundKey)
                    || claims.getSubject() == null
                    || sid == null
                    || did == null
                    || !did.equals(boundKey)) {
                throw new InvalidToken("access token is not bound to a device key");
            }
            return new Claims(
                    UUID.fromString(claims.getSubject()),
                    UUID.fromString(sid),
                    did,
                    boundKey,
                    claims.getExpirationTime().toInstant());
        } catch (ParseException | IllegalArgumentException e) {
            throw new InvalidToken("access token claims are malformed");
        }
    }
}
