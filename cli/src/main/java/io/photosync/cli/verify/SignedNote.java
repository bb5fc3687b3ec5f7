package io.photosync.cli.verify;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note: text ending in a newline, a blank line, then signature lines
 * {@code "— <key name> base64(keyId || signature)"}. {@link #open} returns the text only when a
 * signature of the given key verifies; signatures of other keys are ignored, as the spec demands.
 */
public record SignedNote(String text, List<Signature> signatures) {
    private static final String SIGNATURE_PREFIX = "\u2014 ";
    private static final int MAX_NOTE_BYTES = 1 << 20;
    private static final int MAX_SIGNATURES = 100;

    public record Signature(String keyName, int keyId, byte[] signature) {}

    public static SignedNote parse(byte[] note) throws VerificationException {
        if (note.length > MAX_NOTE_BYTES) {
            throw new VerificationException("signed note is larger than " + MAX_NOTE_BYTES + " bytes");
        }
        String s;
        try {
            s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(note))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new VerificationException("signed note is not valid UTF-8");
        }
        if (s.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
            throw new VerificationException("signed note holds control characters");
        }
        if (!s.endsWith("\n")) {
            throw new VerificationException("signed note does not end in a newline");
        }
        int split = s.lastIndexOf("\n\n");
        if (split < 0) {
            throw new VerificationException("signed note has no blank line before its signatures");
        }
        String text = s.substring(0, split + 1);
        String[] lines = s.substring(split + 2).split("\n", -1);
        List<Signature> signatures = new ArrayList<>();
        // split leaves one empty string after the final newline
        for (int i = 0; i < lines.length - 1; i++) {
            signatures.add(parseSignatureLine(lines[i]));
        }
        if (signatures.isEmpty()) {
            throw new VerificationException("signed note carries no signature");
        }
        if (signatures.size() > MAX_SIGNATURES) {
            throw new VerificationException("signed note carries more than " + MAX_SIGNATURES + " signatures");
        }
        return new SignedNote(text, List.copyOf(signatures));
    }

    private static Signature parseSignatureLine(String line) throws VerificationException {
        if (!line.startsWith(SIGNATURE_PREFIX)) {
            throw new VerificationException("signed note line '" + line + "' is not a signature line");
        }
        String rest = line.substring(SIGNATURE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space <= 0) {
            throw new VerificationException("signature line has no key name and signature");
        }
        String name = rest.substring(0, space);
        if (!VerifierKey.isValidKeyName(name)) {
            throw new VerificationException("signature key name '" + name + "' is not valid");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new VerificationException("signature of '" + name + "' is not base64");
        }
        if (blob.length < 5) {
            throw new VerificationException("signature of '" + name + "' is too short");
        }
        int keyId = ByteBuffer.wrap(blob, 0, 4).getInt();
        byte[] sig = new byte[blob.length - 4];
        System.arraycopy(blob, 4, sig, 0, sig.length);
        return new Signature(name, keyId, sig);
    }

    /**
     * Verifies the note against one trusted key and returns its text.
     *
     * @throws VerificationException when the key has no signature on the note or its signature fails
     */
    public static String open(byte[] note, VerifierKey key) throws VerificationException {
        SignedNote parsed = parse(note);
        byte[] message = parsed.text().getBytes(StandardCharsets.UTF_8);
        boolean verified = false;
        for (Signature s : parsed.signatures()) {
            if (!s.keyName().equals(key.name()) || s.keyId() != key.keyId()) {
                continue;
            }
            if (!key.verifies(message, s.signature())) {
                throw new VerificationException(
                        "signature of key " + key.name() + " does not verify over the note text");
            }
            verified = true;
        }
        if (!verified) {
            throw new VerificationException(
                    "note is not signed by key " + key.name() + "+" + String.format("%08x", key.keyId()));
        }
        return parsed.text();
    }
}
