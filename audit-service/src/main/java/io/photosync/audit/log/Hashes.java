package io.photosync.audit.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 9162 section 2.1.1 hashing: leaf = SHA-256(0x00 ‖ entry), node = SHA-256(0x01 ‖ left ‖ right). */
public final class Hashes {
    public static final int SIZE = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private Hashes() {}

    public static byte[] leafHash(byte[] entry) {
        MessageDigest sha = sha256();
        sha.update(LEAF_PREFIX);
        return sha.digest(entry);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update(NODE_PREFIX);
        sha.update(left);
        return sha.digest(right);
    }

    /** The root of the empty tree: SHA-256 of nothing. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
