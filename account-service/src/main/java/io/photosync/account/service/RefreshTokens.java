package io.photosync.account.service;

import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Opaque refresh tokens: 256 random bits, base64url; only their SHA-256 is stored. */
public final class RefreshTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_LENGTH = 128;

    private RefreshTokens() {}

    public static String newToken() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return Base64URL.encode(bits).toString();
    }

    /** The stored form; null for a value that cannot be one of our tokens. */
    public static String hash(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return null;
        }
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)))
                    .toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
