package io.photosync.cli.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A C2SP signed-note verifier key of the Ed25519 type: {@code name+hex(keyId)+base64(0x01 || publicKey)}.
 * Parsing checks the key id against SHA-256(name || 0x0A || 0x01 || publicKey)[:4], as the spec defines it.
 */
public record VerifierKey(String name, int keyId, byte[] publicKey) {
    static final byte ED25519_TYPE = 0x01;
    private static final int ED25519_KEY_SIZE = 32;
    private static final int ED25519_SIGNATURE_SIZE = 64;
    /** DER prefix of an X.509 SubjectPublicKeyInfo holding a raw Ed25519 key (RFC 8410). */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    public static VerifierKey parse(String vkey) throws VerificationException {
        String text = vkey.strip();
        int firstPlus = text.indexOf('+');
        int secondPlus = firstPlus < 0 ? -1 : text.indexOf('+', firstPlus + 1);
        if (firstPlus <= 0 || secondPlus < 0) {
            throw new VerificationException("log key is not of the form name+keyid+key");
        }
        String name = text.substring(0, firstPlus);
        String idHex = text.substring(firstPlus + 1, secondPlus);
        if (!isValidKeyName(name)) {
            throw new VerificationException("log key name '" + name + "' is not a valid signed-note key name");
        }
        if (!idHex.matches("[0-9a-f]{8}")) {
            throw new VerificationException("log key id '" + idHex + "' is not 8 lowercase hex digits");
        }
        byte[] typeAndKey;
        try {
            typeAndKey = Base64.getDecoder().decode(text.substring(secondPlus + 1));
        } catch (IllegalArgumentException e) {
            throw new VerificationException("log key material is not base64");
        }
        if (typeAndKey.length != 1 + ED25519_KEY_SIZE || typeAndKey[0] != ED25519_TYPE) {
            throw new VerificationException("log key is not an Ed25519 signed-note key");
        }
        int keyId = (int) Long.parseLong(idHex, 16);
        if (computeKeyId(name, typeAndKey) != keyId) {
            throw new VerificationException("log key id " + idHex + " does not match the key name and public key");
        }
        byte[] publicKey = new byte[ED25519_KEY_SIZE];
        System.arraycopy(typeAndKey, 1, publicKey, 0, ED25519_KEY_SIZE);
        return new VerifierKey(name, keyId, publicKey);
    }

    /** Key names are non-empty and hold neither Unicode spaces nor '+'. */
    static boolean isValidKeyName(String name) {
        return !name.isEmpty()
                && name.codePoints()
                        .noneMatch(c -> c == '+'
                                || Character.isWhitespace(c)
                                || Character.isSpaceChar(c)
                                || Character.isISOControl(c));
    }

    static int computeKeyId(String name, byte[] typeAndKey) {
        MessageDigest sha = Merkle.sha256();
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
        sha.update(typeAndKey);
        byte[] digest = sha.digest();
        return ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
    }

    /** Checks an Ed25519 signature (RFC 8032) over {@code message} with the JDK's own implementation. */
    boolean verifies(byte[] message, byte[] signature) {
        if (signature.length != ED25519_SIGNATURE_SIZE) {
            return false;
        }
        try {
            byte[] spki = new byte[ED25519_SPKI_PREFIX.length + ED25519_KEY_SIZE];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(publicKey, 0, spki, ED25519_SPKI_PREFIX.length, ED25519_KEY_SIZE);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A public key that is not a valid curve point cannot verify anything.
            return false;
        }
    }
}
