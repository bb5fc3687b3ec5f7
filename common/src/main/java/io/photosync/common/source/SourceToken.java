package io.photosync.common.source;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.util.Base64URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The token one service presents to another as {@code Authorization: Source <JWT>}: a source
 * (account-service, sync-service) submitting to audit-service's log, or audit-service calling
 * account-service's support API. ES256 with the caller's own P-256 key, header {@code kid} and
 * claim {@code iss} = caller's name, {@code aud} = the receiving service ({@value #AUDIENCE} unless
 * given otherwise), {@code iat}, {@code exp} at most
 * {@link #MAX_LIFETIME_SECONDS} later, a single-use {@code jti}, and {@code bsh} = base64url SHA-256 of
 * the exact request body, so a token cannot be moved to another body.
 */
public final class SourceToken {
    public static final String SCHEME = "Source";
    /** The audience of log submissions, the default of signer and verifier. */
    public static final String AUDIENCE = "audit-service";

    public static final JOSEObjectType TYPE = new JOSEObjectType("source+jwt");
    public static final String BODY_HASH_CLAIM = "bsh";
    public static final long MAX_LIFETIME_SECONDS = 60;

    private SourceToken() {}

    public static String bodyHash(byte[] body) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(body))
                    .toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
