package io.photosync.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The worked example of the C2SP signed-note specification
 * (github.com/C2SP/C2SP signed-note.md at d4c16da5e7687a016619074e78dad84b2c7238cc, section "Example") and
 * the note of the Go reference implementation (golang.org/x/mod/sumdb/note, package documentation).
 */
class SignedNoteTest {
    static final String SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    static final String SPEC_NOTE = "This is an example message.\n\n"
            + "\u2014 example.com/foo"
            + " Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
    static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n"
            + "\u2014 PeterNeumann"
            + " x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void theSpecificationsExampleVerifies() throws VerificationException {
        VerifierKey key = VerifierKey.parse(SPEC_VKEY);
        assertEquals("example.com/foo", key.name());
        assertEquals(0x530d903a, key.keyId());
        assertEquals("This is an example message.\n", SignedNote.open(bytes(SPEC_NOTE), key));
    }

    @Test
    void theGoReferenceNoteVerifies() throws VerificationException {
        assertEquals(GO_TEXT, SignedNote.open(bytes(GO_NOTE), VerifierKey.parse(GO_VKEY)));
    }

    @Test
    void aModifiedTextFails() {
        assertThrows(
                VerificationException.class,
                () -> SignedNote.open(
                        bytes(SPEC_NOTE.replace("example message", "exemplary message")),
                        VerifierKey.parse(SPEC_VKEY)));
        assertThrows(
                VerificationException.class,
                () -> SignedNote.open(
                        bytes(GO_NOTE.replace("cryptography", "cryptographY")), VerifierKey.parse(GO_VKEY)));
    }

    @Test
    void aModifiedSignatureFails() {
        String tampered = SPEC_NOTE.replace("Uw2QOkn8", "Uw2QOkn9");
        assertThrows(VerificationException.class, () -> SignedNote.open(bytes(tampered), VerifierKey.parse(SPEC_VKEY)));
    }

    @Test
    void anotherKeysNoteIsRejected() {
        assertThrows(VerificationException.class, () -> SignedNote.open(bytes(GO_NOTE), VerifierKey.parse(SPEC_VKEY)));
    }

    @Test
    void aKeyWhoseIdDoesNotMatchIsRejected() {
        assertThrows(VerificationException.class, () -> VerifierKey.parse(SPEC_VKEY.replace("530d903a", "530d903b")));
        assertThrows(
                VerificationException.class,
                () -> VerifierKey.parse(SPEC_VKEY.replace("example.com/foo", "example.com/bar")));
        assertThrows(VerificationException.class, () -> VerifierKey.parse(SPEC_VKEY.replace("AekyeRrm", "AekyeRrn")));
        assertThrows(VerificationException.class, () -> VerifierKey.parse("example.com/foo+530d903a"));
        assertThrows(VerificationException.class, () -> VerifierKey.parse("not a key"));
    }

    @Test
    void malformedNotesAreRejected() {
        assertThrows(
                VerificationException.class,
                () -> SignedNote.open(bytes(SPEC_NOTE.replace("\n\n", "\n")), VerifierKey.parse(SPEC_VKEY)));
        assertThrows(
                VerificationException.class,
                () -> SignedNote.open(bytes(SPEC_NOTE.stripTrailing()), VerifierKey.parse(SPEC_VKEY)));
        assertThrows(
                VerificationException.class, () -> SignedNote.open(bytes("text\n\n"), VerifierKey.parse(SPEC_VKEY)));
        assertThrows(
                VerificationException.class,
                () -> SignedNote.open(
                        bytes(SPEC_NOTE.replace("message.", "message.\r")), VerifierKey.parse(SPEC_VKEY)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
