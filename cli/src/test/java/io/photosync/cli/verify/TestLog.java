package io.photosync.cli.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A throwaway log signer for tests: a fresh Ed25519 key (the JDK's), its vkey, and checkpoints of a
 * given list of entries signed as C2SP notes — built from the specs, not from the code under test.
 */
final class TestLog {
    final String origin;
    final String vkey;
    private final KeyPair keys;
    private final byte[] keyIdBytes;

    TestLog(String origin) throws GeneralSecurityException {
        this.origin = origin;
        this.keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = keys.getPublic().getEncoded();
        byte[] typeAndKey = new byte[33];
        typeAndKey[0] = 0x01;
        System.arraycopy(spki, spki.length - 32, typeAndKey, 1, 32);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((origin + "\n").getBytes(StandardCharsets.UTF_8));
        this.keyIdBytes = Arrays.copyOf(sha.digest(typeAndKey), 4);
        this.vkey = origin + "+" + java.util.HexFormat.of().formatHex(keyIdBytes) + "+"
                + Base64.getEncoder().encodeToString(typeAndKey);
    }

    /** The signed checkpoint of the tree of {@code entries}, given its root. */
    String checkpoint(long size, byte[] root) throws GeneralSecurityException {
        return sign(origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n");
    }

    String checkpoint(List<byte[]> entries) throws GeneralSecurityException {
        return checkpoint(entries.size(), Merkle.rootHash(entries));
    }

    String sign(String text) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(keys.getPrivate());
        s.update(text.getBytes(StandardCharsets.UTF_8));
        byte[] sig = s.sign();
        byte[] blob = new byte[4 + sig.length];
        System.arraycopy(keyIdBytes, 0, blob, 0, 4);
        System.arraycopy(sig, 0, blob, 4, sig.length);
        return text + "\n\u2014 " + origin + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }
}
