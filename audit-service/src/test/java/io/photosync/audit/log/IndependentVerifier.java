package io.photosync.audit.log;

import io.photosync.cli.verify.Merkle;
import io.photosync.cli.verify.VerificationException;
import java.util.List;

/**
 * The cli's offline verifier (written from RFC 9162 apart from audit-service), as yes/no answers for assertions: the
 * log's proofs are tested against the code examiners run, not against a second copy of our own math.
 */
public final class IndependentVerifier {
    private IndependentVerifier() {}

    public static boolean verifyInclusion(
            long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
        try {
            Merkle.verifyInclusion(leafIndex, treeSize, leafHash, proof, root);
            return true;
        } catch (VerificationException e) {
            return false;
        }
    }

    public static boolean verifyConsistency(
            long first, long second, byte[] firstHash, byte[] secondHash, List<byte[]> proof) {
        try {
            Merkle.verifyConsistency(first, second, proof, firstHash, secondHash);
            return true;
        } catch (VerificationException e) {
            return false;
        }
    }

    /** MTH of a list of leaf hashes, by the definition's recursion (RFC 9162 section 2.1.1). */
    public static byte[] rootOf(List<byte[]> leafHashes) {
        return Merkle.rootOfLeafHashes(leafHashes);
    }
}
