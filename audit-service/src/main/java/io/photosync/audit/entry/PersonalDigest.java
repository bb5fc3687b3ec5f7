package io.photosync.audit.entry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * How a personal value enters a leaf (docs/EVENTS.md, "The leaf"):
 * {@code base64url-nopad(SHA-256(salt ‖ UTF-8(JCS(value))))} with a fresh 16-byte salt per field per
 * entry. Small and pure on purpose, so an independent verifier can mirror it line by line.
 */
public final class PersonalDigest {
    public static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private PersonalDigest() {}

    public static byte[] freshSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** @param valueJson the value as JSON text (a string literal or a number) */
    public static String digest(byte[] salt, String valueJson) {
        return digestCanonical(salt, canonicalScalar(valueJson));
    }

    /** @param canonicalJson the value already in RFC 8785 form ({@link #canonicalScalar}) */
    public static String digestCanonical(byte[] salt, String canonicalJson) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return base64Url(sha.digest(canonicalJson.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 8785 form of one value given as JSON text. */
    static String canonicalScalar(String valueJson) {
        try {
            return CanonicalJson.text(JSON.readTree(valueJson));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a JSON value: " + e.getMessage(), e);
        }
    }

    public static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
