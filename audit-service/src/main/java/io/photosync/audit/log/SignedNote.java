package io.photosync.audit.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, then signature lines
 * {@code — <key name> base64(key id ‖ signature)}.
 */
public record SignedNote(String text, List<Signature> signatures) {
    private static final String SIGNATURE_PREFIX = "\u2014 ";
    /** The spec asks verifiers to accept at least 16 signatures; more is refused to bound work. */
    public static final int MAX_SIGNATURES = 16;

    public record Signature(String keyName, int keyId, byte[] signature) {
        String line() {
            byte[] raw = new byte[4 + signature.length];
            raw[0] = (byte) (keyId >>> 24);
            raw[1] = (byte) (keyId >>> 16);
            raw[2] = (byte) (keyId >>> 8);
            raw[3] = (byte) keyId;
            System.arraycopy(signature, 0, raw, 4, signature.length);
            return SIGNATURE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(raw) + "\n";
        }
    }

    public SignedNote {
        signatures = List.copyOf(signatures);
    }

    public String format() {
        StringBuilder note = new StringBuilder(text).append('\n');
        signatures.forEach(s -> note.append(s.line()));
        return note.toString();
    }

    public static SignedNote parse(String note) {
        for (char c : note.toCharArray()) {
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException("a signed note contains no control characters but newlines");
            }
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new IllegalArgumentException("a signed note is a text, a blank line and signature lines");
        }
        String text = note.substring(0, split + 1);
        List<Signature> signatures = new ArrayList<>();
        for (String line : note.substring(split + 2, note.length() - 1).split("\n", -1)) {
            if (!line.startsWith(SIGNATURE_PREFIX)) {
                throw new IllegalArgumentException("malformed signature line");
            }
            String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[0].contains("+")) {
                throw new IllegalArgumentException("malformed signature line");
            }
            byte[] raw = Base64.getDecoder().decode(parts[1]);
            if (raw.length < 5) {
                throw new IllegalArgumentException("signature too short");
            }
            int keyId = ((raw[0] & 0xff) << 24) | ((raw[1] & 0xff) << 16) | ((raw[2] & 0xff) << 8) | (raw[3] & 0xff);
            signatures.add(new Signature(parts[0], keyId, java.util.Arrays.copyOfRange(raw, 4, raw.length)));
            if (signatures.size() > MAX_SIGNATURES) {
                throw new IllegalArgumentException("too many signatures");
            }
        }
        return new SignedNote(text, signatures);
    }

    public byte[] textBytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
