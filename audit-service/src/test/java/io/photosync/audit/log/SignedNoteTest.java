package io.photosync.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignedNoteTest {
    /** The example of the C2SP signed-note specification (c2sp.org/signed-note, "Example"). */
    private static final String SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";

    private static final String SPEC_NOTE = "This is an example message.\n\n"
            + "\u2014 example.com/foo"
            + " Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    @Test
    void acceptsTheSpecExample() {
        NoteKeys.Verifier verifier = NoteKeys.Verifier.parse(SPEC_VKEY);
        assertEquals(0x530d903a, verifier.keyId());
        assertEquals(SPEC_VKEY, verifier.format());
        assertEquals("This is an example message.\n", verifier.open(SPEC_NOTE));
        assertEquals(SPEC_NOTE, SignedNote.parse(SPEC_NOTE).format());
    }

    @Test
    void refusesAChangedTextOrSignature() {
        NoteKeys.Verifier verifier = NoteKeys.Verifier.parse(SPEC_VKEY);
        assertThrows(
                IllegalArgumentException.class,
                () -> verifier.open(SPEC_NOTE.replace("example message", "example massage")));
        String sig = SPEC_NOTE.substring(SPEC_NOTE.lastIndexOf(' ') + 1, SPEC_NOTE.length() - 1);
        byte[] raw = Base64.getDecoder().decode(sig);
        raw[10] ^= 1;
        assertThrows(
                IllegalArgumentException.class,
                () -> verifier.open(SPEC_NOTE.replace(sig, Base64.getEncoder().encodeToString(raw))));
        assertThrows(
                IllegalArgumentException.class,
                () -> NoteKeys.Verifier.parse(SPEC_VKEY.replace("530d903a", "530d903b")));
    }

    @Test
    void ignoresUnknownKeysButNeedsOneKnownSignature() {
        NoteKeys.Signer other = NoteKeys.Signer.generate("example.com/foo");
        String signedByOther = other.sign("This is an example message.\n").format();
        NoteKeys.Verifier verifier = NoteKeys.Verifier.parse(SPEC_VKEY);
        assertThrows(IllegalArgumentException.class, () -> verifier.open(signedByOther));
        String both = SPEC_NOTE + signedByOther.substring(signedByOther.lastIndexOf("\n\n") + 2);
        assertEquals("This is an example message.\n", verifier.open(both));
    }

    @Test
    void signsCheckpointsItsOwnVerifierAccepts() {
        NoteKeys.Signer signer = NoteKeys.Signer.generate("photosync.local/audit-log");
        Checkpoint checkpoint = new Checkpoint("photosync.local/audit-log", 42, Hashes.leafHash(new byte[] {1}));
        String note = signer.sign(checkpoint.body()).format();
        NoteKeys.Verifier verifier = NoteKeys.Verifier.parse(signer.verifier().format());
        assertEquals(checkpoint, Checkpoint.parse(verifier.open(note)));
        assertEquals(signer.format(), NoteKeys.Signer.parse(signer.format()).format());
    }

    /**
     * The signer key, verifier key and signed note of the tests of Go's golang.org/x/mod/sumdb/note
     * (note_test.go): our signer-key format is theirs, and Ed25519 signatures are deterministic.
     */
    @Test
    void signsLikeGosNotePackage() {
        NoteKeys.Signer signer =
                NoteKeys.Signer.parse("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
        assertEquals(
                "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                signer.verifier().format());
        String text =
                "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
        assertEquals(
                text
                        + "\n"
                        + "\u2014 PeterNeumann"
                        + " x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
                signer.sign(text).format());
    }
}
