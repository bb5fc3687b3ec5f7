package io.photosync.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The leaf format of docs/EVENTS.md ("The leaf"), mirrored here independently of audit-service: a leaf is
 * RFC 8785 canonical JSON, and each personal value appears in it only as a salted digest.
 */
final class LeafFormat {
    private LeafFormat() {}

    /** The digest a leaf holds for a personal field, if any. */
    static Optional<String> personalDigest(JsonNode leaf, String field) {
        JsonNode n = leaf.path("personal").get(field);
        return n != null && n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** base64url-nopad(SHA-256(salt || UTF-8(RFC 8785 form of the value))), the salt itself base64url. */
    static String saltedDigest(String salt, JsonNode value) throws VerificationException {
        byte[] saltBytes;
        try {
            saltBytes = Base64.getUrlDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new VerificationException("salt is not base64url");
        }
        // The decoder ignores unused low bits of the last character: only the one canonical spelling counts.
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(saltBytes).equals(salt)) {
            throw new VerificationException("salt is not canonical unpadded base64url");
        }
        MessageDigest sha = Merkle.sha256();
        sha.update(saltBytes);
        sha.update(canonicalScalar(value));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    }

    /** The value as a person reads it: text as is, numbers and booleans in their JSON form. */
    static String displayValue(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    static void requireCanonical(byte[] leaf, String where) throws VerificationException {
        if (!Arrays.equals(leaf, canonical(leaf))) {
            throw new VerificationException(where + ": leaf is not RFC 8785 canonical JSON");
        }
    }

    /** RFC 8785 form of one value; canonicalizing it as the only element of an array gives "[" + form + "]". */
    static byte[] canonicalScalar(JsonNode value) throws VerificationException {
        if (value.isContainerNode()) {
            throw new VerificationException("a personal value is a string or a number, not " + value.getNodeType());
        }
        byte[] array = canonical(("[" + value + "]").getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOfRange(array, 1, array.length - 1);
    }

    private static byte[] canonical(byte[] json) throws VerificationException {
        try {
            return new JsonCanonicalizer(json).getEncodedUTF8();
        } catch (IOException | RuntimeException e) {
            throw new VerificationException("not JSON that can be canonicalized: " + e.getMessage());
        }
    }
}
