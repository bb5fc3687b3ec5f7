package io.photosync.common.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a DPoP proof (RFC 9449 section 4.3): {@code typ}, ES256 only, a public P-256 {@code jwk},
 * the signature, {@code htm}, {@code htu}, the {@code iat} window, {@code ath}, the key thumbprint
 * against the token's {@code cnf.jkt}, the server nonce when one is demanded, and single use of
 * {@code jti} through a {@link JtiReplayStore} shared by all replicas. {@link #verify} does it all; {@link #check} and
 * {@link #spend} do it in two steps (what needs no state, then the rest), for a caller with checks of its own between.
 * <p>
 * ECDSA runs on BouncyCastle: here it verifies several times faster than SunEC.
 */
public final class DpopVerifier {
    /** Longest proof we parse; a real ES256 proof with a P-256 jwk is well under 1 KiB. */
    public static final int MAX_PROOF_LENGTH = 4096;

    private static final int MAX_JTI_LENGTH = 128;
    private static final int ES256_SIGNATURE_LENGTH = 64;
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final Duration iatWindow;
    private final JtiReplayStore jtiStore;
    private final Optional<DpopNonces> nonces;
    private final Clock clock;

    public DpopVerifier(Duration iatWindow, JtiReplayStore jtiStore, Optional<DpopNonces> nonces, Clock clock) {
        this.iatWindow = iatWindow;
        this.jtiStore = jtiStore;
        this.nonces = nonces;
        this.clock = clock;
    }

    /**
     * @param proof       the {@code DPoP} header value
     * @param method      the request method
     * @param requestUri  the request URI as the client addressed it (query and fragment are ignored)
     * @param accessToken the access token presented with the proof, or null for a token request
     * @param expectedJkt the token's {@code cnf.jkt}, or null when no token is bound yet
     */
    public DpopProof verify(String proof, String method, URI requestUri, String accessToken, String expectedJkt)
            throws DpopException {
        return spend(check(proof, method, requestUri, accessToken, expectedJkt));
    }

    /**
     * A proof whose form, signature, request ({@code htm}, {@code htu}) and token binding ({@code ath}, key) have been
     * checked, but not yet its time, nonce or single use: {@link #spend} does those. Only {@link #check} makes one.
     */
    public static final class Checked {
        private final String jkt;
        private final ECKey key;
        private final JWTClaimsSet claims;

        private Checked(String jkt, ECKey key, JWTClaimsSet claims) {
            this.jkt = jkt;
            this.key = key;
            this.claims = claims;
        }

        /** RFC 7638 SHA-256 thumbprint (base64url) of the proof key. */
        public String jkt() {
            return jkt;
        }
    }

    /**
     * The checks of {@link #verify} that need no state: the proof's form, its signature by its {@code jwk},
     * {@code htm}, {@code htu}, {@code ath}, and its key against {@code expectedJkt} when that is not null (a caller
     * that passes null compares {@link Checked#jkt()} itself). Nothing is recorded.
     */
    public static Checked check(String proof, String method, URI requestUri, String accessToken, String expectedJkt)
            throws DpopException {
        Parsed parsed = parse(proof);
        JWTClaimsSet claims = parsed.claims();
        ECKey key = parsed.key();
        checkSignature(parsed.jwt(), key);
        checkRequest(claims, method, requestUri);
        checkAccessTokenHash(claims, accessToken);
        String jkt = thumbprint(key);
        if (expectedJkt != null
                && !MessageDigest.isEqual(
                        expectedJkt.getBytes(StandardCharsets.US_ASCII), jkt.getBytes(StandardCharsets.US_ASCII))) {
            throw DpopException.invalid("proof key does not match the key the token is bound to");
        }
        return new Checked(jkt, key, claims);
    }

    /**
     * The rest of {@link #verify} for a {@link #check checked} proof: its {@code jti}, the {@code iat} window, the
     * server nonce when one is demanded and, last, single use of {@code jti}.
     */
    public DpopProof spend(Checked checked) throws DpopException {
        DpopProof proof = unspent(checked);
        // Last, so that a proof refused for another reason does not use up its jti.
        spend(proof, jtiStore);
        return proof;
    }

    /**
     * Every check of {@link #verify} but the single use of {@code jti}: the caller must {@link #spend(DpopProof,
     * JtiReplayStore) spend} the proof before it acts on it, in the transaction that records the act.
     */
    public DpopProof verifyUnspent(String proof, String method, URI requestUri, String accessToken, String expectedJkt)
            throws DpopException {
        return unspent(check(proof, method, requestUri, accessToken, expectedJkt));
    }

    private DpopProof unspent(Checked checked) throws DpopException {
        JWTClaimsSet claims = checked.claims;
        String jti = stringClaim(claims, "jti");
        if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
            throw DpopException.invalid("jti missing or too long");
        }
        Instant issuedAt = checkIssuedAt(claims);
        if (nonces.isPresent() && !nonces.get().isValid(stringClaim(claims, "nonce"))) {
            throw new DpopException(DpopException.USE_DPOP_NONCE, "a fresh server nonce is required");
        }
        return new DpopProof(checked.jkt, checked.key, jti, issuedAt);
    }

    /**
     * Records the {@code jti} of a proof that passed every other check in {@code store} until the proof can no
     * longer pass the {@code iat} window; refuses a proof whose {@code jti} was recorded before (a replay).
     */
    public void spend(DpopProof proof, JtiReplayStore store) throws DpopException {
        if (!store.firstUse(
                proof.jkt() + ":" + proof.jti(),
                proof.issuedAt().plus(iatWindow).plus(iatWindow))) {
            throw DpopException.invalid("DPoP proof has already been used (jti replay)");
        }
    }

    /**
     * The form of a proof alone, nothing cryptographic and no state: one compact JWS of reasonable
     * size whose header and payload are JSON objects, {@code typ} dpop+jwt, {@code alg} ES256, a
     * public P-256 {@code jwk}, an ES256-sized signature. Cheap enough to run on the event loop
     * before anything else looks at the proof (quarkus-oidc fails with a NullPointerException on
     * some malformed proofs instead of refusing them).
     *
     * @return the proof key
     */
    public static ECKey checkForm(String proof) throws DpopException {
        return parse(proof).key();
    }

    private record Parsed(SignedJWT jwt, JWTClaimsSet claims, ECKey key) {}

    private static Parsed parse(String proof) throws DpopException {
        if (proof == null || proof.isBlank()) {
            throw DpopException.invalid("missing DPoP proof");
        }
        if (proof.length() > MAX_PROOF_LENGTH || proof.indexOf(',') >= 0) {
            throw DpopException.invalid("exactly one DPoP proof of reasonable size is expected");
        }
        if (!COMPACT_JWS.matcher(proof).matches()) {
            throw DpopException.invalid(
                    "DPoP proof is not a signed JWT: three non-empty base64url parts separated by dots are expected");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(proof);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            // Nimbus refuses here, among others, alg "none", a header that is not a JSON object and
            // a jwk header carrying a private key. Its message may quote the input: not echoed.
            throw DpopException.invalid("DPoP proof is not an acceptable signed JWT (" + reasonOf(e) + ")");
        } catch (RuntimeException e) {
            // Whatever else a parser of untrusted input throws is a malformed proof, never a 500.
            throw DpopException.invalid("DPoP proof is not an acceptable signed JWT");
        }
        if (claims == null) {
            throw DpopException.invalid("DPoP proof payload must be a JSON object");
        }
        ECKey key = checkHeader(jwt.getHeader());
        if (jwt.getSignature().decode().length != ES256_SIGNATURE_LENGTH) {
            throw DpopException.invalid("DPoP proof signature is not an ES256 signature (64 bytes)");
        }
        return new Parsed(jwt, claims, key);
    }

    /** A short, fixed reason for a Nimbus parse failure; Nimbus' own messages can contain the input. */
    private static String reasonOf(ParseException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Non-public key") || message.contains("private")) {
            return "jwk must not contain a private key: Non-public key in jwk header parameter";
        }
        if (message.contains("alg") || message.contains("Not a JWS header")) {
            return "alg must be ES256";
        }
        if (message.contains("JSON") || message.contains("json")) {
            return "header and payload must be JSON objects";
        }
        return "unparsable header or payload";
    }

    private static void checkRequest(JWTClaimsSet claims, String method, URI requestUri) throws DpopException {
        String htm = stringClaim(claims, "htm");
        if (!method.equals(htm)) {
            throw DpopException.invalid("htm does not match the request method");
        }
        String htu = stringClaim(claims, "htu");
        if (htu == null || !normalizeHtu(htu).equals(normalizeHtu(requestUri.toString()))) {
            throw DpopException.invalid("htu does not match the request URI");
        }
    }

    private static ECKey checkHeader(JWSHeader header) throws DpopException {
        if (!new JOSEObjectType("dpop+jwt").equals(header.getType())) {
            throw DpopException.invalid("typ must be dpop+jwt");
        }
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw DpopException.invalid("alg must be ES256");
        }
        JWK jwk = header.getJWK();
        if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
            throw DpopException.invalid("jwk must be a P-256 EC public key");
        }
        if (jwk.isPrivate()) {
            throw DpopException.invalid("jwk must not contain a private key");
        }
        return ec;
    }

    private static void checkSignature(SignedJWT jwt, ECKey key) throws DpopException {
        try {
            ECDSAVerifier verifier = new ECDSAVerifier(key);
            verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
            if (!jwt.verify(verifier)) {
                throw DpopException.invalid("DPoP proof signature is invalid");
            }
        } catch (JOSEException e) {
            throw DpopException.invalid("DPoP proof signature cannot be checked");
        }
    }

    private Instant checkIssuedAt(JWTClaimsSet claims) throws DpopException {
        Object iat = claims.getClaim("iat");
        if (!(iat instanceof java.util.Date date)) {
            throw DpopException.invalid("iat missing");
        }
        Instant issuedAt = date.toInstant();
        Instant now = clock.instant();
        if (issuedAt.isBefore(now.minus(iatWindow)) || issuedAt.isAfter(now.plus(iatWindow))) {
            throw DpopException.invalid("iat is outside the accepted window");
        }
        return issuedAt;
    }

    private static void checkAccessTokenHash(JWTClaimsSet claims, String accessToken) throws DpopException {
        String ath = stringClaim(claims, "ath");
        if (accessToken == null) {
            if (ath != null) {
                throw DpopException.invalid("ath present but no access token was presented");
            }
            return;
        }
        if (ath == null) {
            throw DpopException.invalid("ath missing");
        }
        byte[] expected = sha256(accessToken.getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, new Base64URL(ath).decode())) {
            throw DpopException.invalid("ath does not match the access token");
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) throws DpopException {
        Object value = claims.getClaim(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw DpopException.invalid(name + " must be a string");
        }
        return s;
    }

    /** RFC 7638 SHA-256 thumbprint, base64url: the device id. */
    public static String thumbprint(ECKey key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ath}: base64url SHA-256 of the access token's ASCII bytes. */
    public static String accessTokenHash(String accessToken) {
        return Base64URL.encode(sha256(accessToken.getBytes(StandardCharsets.US_ASCII)))
                .toString();
    }

    /**
     * RFC 9449 section 4.3 point 9: compare scheme and authority case-insensitively, default ports dropped, no query or
     * fragment.
     */
    static String normalizeHtu(String uri) throws DpopException {
        try {
            URI u = new URI(uri).normalize();
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (scheme == null || u.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw DpopException.invalid("htu must be an absolute http(s) URI");
            }
            int port = u.getPort();
            if ((scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443)) {
                port = -1;
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port) + path;
        } catch (URISyntaxException e) {
            throw DpopException.invalid("htu is not a URI");
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
