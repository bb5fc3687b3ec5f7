package io.photosync.audit.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 keys of the C2SP signed-note spec (signature type 0x01): key id = first four bytes of
 * SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key); verifier key {@code name+hex(id)+base64(0x01 ‖ public key)};
 * signer key {@code PRIVATE+KEY+name+hex(id)+base64(0x01 ‖ seed)} (the form Go's note package uses).
 */
public final class NoteKeys {
    static final byte ED25519 = 0x01;
    private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";

    private NoteKeys() {}

    public static int keyId(String name, byte[] publicKey) {
        MessageDigest sha = Hashes.sha256();
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x0A);
        sha.update(ED25519);
        byte[] h = sha.digest(publicKey);
        return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.contains("+") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a key name is non-empty and has no spaces or '+'");
        }
    }

    /** Signs notes with one Ed25519 key. */
    public record Signer(String name, byte[] seed) {
        public Signer {
            checkName(name);
            if (seed.length != 32) {
                throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
            }
            seed = seed.clone();
        }

        public static Signer generate(String name) {
            byte[] seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            return new Signer(name, seed);
        }

        public static Signer parse(String skey) {
            if (!skey.startsWith(PRIVATE_PREFIX)) {
                throw new IllegalArgumentException("a signer key starts with PRIVATE+KEY+");
            }
            String[] parts = skey.substring(PRIVATE_PREFIX.length()).split("\\+", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("a signer key is PRIVATE+KEY+name+id+key");
            }
            byte[] raw = Base64.getDecoder().decode(parts[2]);
            if (raw.length != 33 || raw[0] != ED25519) {
                throw new IllegalArgumentException("only Ed25519 signer keys are supported");
            }
            Signer signer = new Signer(parts[0], java.util.Arrays.copyOfRange(raw, 1, 33));
            if (!parts[1].equals(HexFormat.of().toHexDigits(signer.keyId()))) {
                throw new IllegalArgumentException("signer key id does not match the key");
            }
            return signer;
        }

        public byte[] publicKey() {
            return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        }

        public int keyId() {
            return NoteKeys.keyId(name, publicKey());
        }

        public Verifier verifier() {
            return new Verifier(name, publicKey());
        }

        public String format() {
            byte[] raw = new byte[33];
            raw[0] = ED25519;
            System.arraycopy(seed, 0, raw, 1, 32);
            return PRIVATE_PREFIX + name + "+" + HexFormat.of().toHexDigits(keyId()) + "+"
                    + Base64.getEncoder().encodeToString(raw);
        }

        public SignedNote sign(String text) {
            if (!text.endsWith("\n")) {
                throw new IllegalArgumentException("a note text ends in a newline");
            }
            Ed25519Signer ed = new Ed25519Signer();
            ed.init(true, new Ed25519PrivateKeyParameters(seed, 0));
            byte[] message = text.getBytes(StandardCharsets.UTF_8);
            ed.update(message, 0, message.length);
            return new SignedNote(
                    text, java.util.List.of(new SignedNote.Signature(name, keyId(), ed.generateSignature())));
        }
    }

    /** Verifies notes signed by one Ed25519 key. */
    public record Verifier(String name, byte[] publicKey) {
        public Verifier {
            checkName(name);
            if (publicKey.length != 32) {
                throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
            }
            publicKey = publicKey.clone();
        }

        public static Verifier parse(String vkey) {
            String[] parts = vkey.split("\\+", 3);
            if (parts.length != 3 || !parts[1].matches("[0-9a-f]{8}")) {
                throw new IllegalArgumentException("a verifier key is name+hex(id)+base64(type ‖ key)");
            }
            byte[] raw = Base64.getDecoder().decode(parts[2]);
            if (raw.length != 33 || raw[0] != ED25519) {
                throw new IllegalArgumentException("only Ed25519 verifier keys are supported");
            }
            Verifier verifier = new Verifier(parts[0], java.util.Arrays.copyOfRange(raw, 1, 33));
            if (!parts[1].equals(HexFormat.of().toHexDigits(verifier.keyId()))) {
                throw new IllegalArgumentException("verifier key id does not match the key");
            }
            return verifier;
        }

        public int keyId() {
            return NoteKeys.keyId(name, publicKey);
        }

        public String format() {
            byte[] raw = new byte[33];
            raw[0] = ED25519;
            System.arraycopy(publicKey, 0, raw, 1, 32);
            return name + "+" + HexFormat.of().toHexDigits(keyId()) + "+"
                    + Base64.getEncoder().encodeToString(raw);
        }

        /**
         * Opens a note: signatures of other keys are ignored, a signature of this key (same name and
         * id) must verify, and at least one must be present.
         */
        public String open(String note) {
            SignedNote parsed = SignedNote.parse(note);
            boolean verified = false;
            for (SignedNote.Signature s : parsed.signatures()) {
                if (s.keyName().equals(name) && s.keyId() == keyId()) {
                    if (!verify(parsed.textBytes(), s.signature())) {
                        throw new IllegalArgumentException("signature of " + name + " does not verify");
                    }
                    verified = true;
                }
            }
            if (!verified) {
                throw new IllegalArgumentException("note has no signature by " + name);
            }
            return parsed.text();
        }

        private boolean verify(byte[] message, byte[] signature) {
            if (signature.length != 64) {
                return false;
            }
            Ed25519Signer ed = new Ed25519Signer();
            ed.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            ed.update(message, 0, message.length);
            return ed.verifySignature(signature);
        }
    }
}
