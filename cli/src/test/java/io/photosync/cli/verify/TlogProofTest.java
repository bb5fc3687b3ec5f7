package io.photosync.cli.verify;

import static io.photosync.cli.verify.MerkleTest.INCLUSIONS;
import static io.photosync.cli.verify.MerkleTest.LEAVES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.cli.Main;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C2SP tlog-proof@v1 files holding the transparency-dev proofs under a checkpoint signed by a test key. */
class TlogProofTest {
    @TempDir
    Path dir;

    static String proofFile(long index, List<byte[]> proof, String signedCheckpoint) {
        StringBuilder b = new StringBuilder("c2sp.org/tlog-proof@v1\nindex ")
                .append(index)
                .append('\n');
        proof.forEach(h -> b.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        return b.append('\n').append(signedCheckpoint).toString();
    }

    @Test
    void everyPublishedInclusionProofVerifiesAsATlogProof() throws Exception {
        TestLog log = new TestLog("example.test/log");
        VerifierKey key = VerifierKey.parse(log.vkey);
        for (MerkleTest.Inclusion v : INCLUSIONS) {
            String file = proofFile(v.index(), v.proof(), log.checkpoint(LEAVES.subList(0, v.size())));
            TlogProof proof = TlogProof.parse(file.getBytes(StandardCharsets.UTF_8));
            assertEquals(v.index(), proof.index());
            Checkpoint c = proof.verify(Merkle.leafHash(LEAVES.get(v.index())), key);
            assertEquals(v.size(), c.size());
            assertArrayEquals(MerkleTest.ROOTS.get(v.size()), c.rootHash());
            int other = (v.index() + 1) % LEAVES.size();
            assertThrows(
                    VerificationException.class,
                    () -> proof.verify(Merkle.leafHash(LEAVES.get(other)), key),
                    v + " other leaf");
        }
    }

    @Test
    void aCheckpointWhoseSizeWasEditedFailsItsSignature() throws Exception {
        TestLog log = new TestLog("example.test/log");
        String signed = log.checkpoint(LEAVES);
        String edited = signed.replaceFirst("\n8\n", "\n9\n");
        TlogProof proof =
                TlogProof.parse(proofFile(5, INCLUSIONS.get(6).proof(), edited).getBytes(StandardCharsets.UTF_8));
        VerificationException e = assertThrows(
                VerificationException.class,
                () -> proof.verify(Merkle.leafHash(LEAVES.get(5)), VerifierKey.parse(log.vkey)));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherLogIsRefused() throws Exception {
        TestLog log = new TestLog("example.test/log");
        TestLog other = new TestLog("example.test/other");
        TlogProof proof = TlogProof.parse(proofFile(5, INCLUSIONS.get(6).proof(), other.checkpoint(LEAVES))
                .getBytes(StandardCharsets.UTF_8));
        assertThrows(
                VerificationException.class,
                () -> proof.verify(Merkle.leafHash(LEAVES.get(5)), VerifierKey.parse(log.vkey)));
    }

    @Test
    void malformedProofFilesAreRefused() throws Exception {
        String good = proofFile(5, INCLUSIONS.get(6).proof(), new TestLog("example.test/log").checkpoint(LEAVES));
        for (String bad : List.of(
                good.replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2"),
                good.replace("index 5", "index 05"),
                good.replace("index 5", "index -5"),
                good.replace("index 5", "index 99999999999999999999"),
                good.replace("index 5\n", ""),
                good.replaceFirst("\n\n", "\n"),
                good.replaceFirst("index 5\n(.)", "index 5\n!$1"))) {
            assertThrows(VerificationException.class, () -> TlogProof.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }

    @Test
    void theVerifyCommandExitsZeroOnlyWhenTheProofHolds() throws Exception {
        TestLog log = new TestLog("example.test/log");
        Path proof = Files.writeString(
                dir.resolve("e.tlog-proof"), proofFile(5, INCLUSIONS.get(6).proof(), log.checkpoint(LEAVES)));
        Path entry = Files.write(dir.resolve("entry"), LEAVES.get(5));
        Path other = Files.write(dir.resolve("other"), LEAVES.get(4));
        Path key = Files.writeString(dir.resolve("log.vkey"), log.vkey + "\n");

        assertEquals(
                0,
                run(
                                "verify",
                                "--tlog-proof",
                                proof.toString(),
                                "--entry",
                                entry.toString(),
                                "--log-key",
                                key.toString())
                        .exit);
        assertEquals(
                0,
                run("verify", "--tlog-proof", proof.toString(), "--entry", entry.toString(), "--log-key", log.vkey)
                        .exit);
        Run wrong = run("verify", "--tlog-proof", proof.toString(), "--entry", other.toString(), "--log-key", log.vkey);
        assertEquals(1, wrong.exit);
        assertTrue(wrong.err.startsWith("FAILED: inclusion proof for index 5"), wrong.err);
        Run noEntry = run("verify", "--tlog-proof", proof.toString(), "--log-key", log.vkey);
        assertEquals(1, noEntry.exit);
        assertTrue(noEntry.err.contains("--entry"), noEntry.err);
        assertEquals(
                1,
                run(
                                "verify",
                                "--tlog-proof",
                                proof.toString(),
                                "--entry",
                                entry.toString(),
                                "--log-key",
                                new TestLog("example.test/log").vkey)
                        .exit,
                "another key of the same name");
        assertEquals(2, run("verify", "--log-key", log.vkey).exit, "nothing to verify");
    }

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(out, err, args);
        return new Run(exit, out.toString(), err.toString());
    }
}
