package io.photosync.cli.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 Merkle tree hashing and proof verification, written from the RFC text (section 2.1)
 * and independent of the log's own prover.
 */
public final class Merkle {
    public static final int HASH_SIZE = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private Merkle() {}

    /** MTH({d(0)}) = SHA-256(0x00 || d(0)). */
    public static byte[] leafHash(byte[] entry) {
        MessageDigest sha = sha256();
        sha.update(LEAF_PREFIX);
        sha.update(entry);
        return sha.digest();
    }

    /** SHA-256(0x01 || left || right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update(NODE_PREFIX);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /**
     * MTH(D[n]) straight from the definition in RFC 9162 section 2.1.1 (the empty tree hashes to SHA-256 of nothing).
     */
    public static byte[] rootHash(List<byte[]> entries) {
        if (entries.isEmpty()) {
            return sha256().digest();
        }
        List<byte[]> level = new ArrayList<>(entries.size());
        for (byte[] entry : entries) {
            level.add(leafHash(entry));
        }
        return rootOfLeafHashes(level);
    }

    /** MTH over leaf hashes already computed: the recursion of RFC 9162 section 2.1.1 without the leaf step. */
    public static byte[] rootOfLeafHashes(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            return sha256().digest();
        }
        return subtreeRoot(leafHashes, 0, leafHashes.size());
    }

    private static byte[] subtreeRoot(List<byte[]> leafHashes, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leafHashes.get(from);
        }
        int k = Integer.highestOneBit(n - 1);
        return nodeHash(subtreeRoot(leafHashes, from, from + k), subtreeRoot(leafHashes, from + k, to));
    }

    /**
     * Verifies an inclusion proof by the algorithm of RFC 9162 section 2.1.3.2. Agrees with transparency-dev/merkle
     * {@code proof.VerifyInclusion} on the edge cases: an index at or beyond the size (so any proof in a tree of size
     * 0) fails, a leaf hash or root that is not 32 bytes fails, and a proof of any length but the one the index and
     * size imply fails before hashing.
     *
     * @throws VerificationException when the proof does not lead from the leaf to {@code rootHash}
     */
    public static void verifyInclusion(
            long leafIndex, long treeSize, byte[] leafHash, List<byte[]> inclusionPath, byte[] rootHash)
            throws VerificationException {
        if (leafIndex < 0 || treeSize <= 0 || leafIndex >= treeSize) {
            throw new VerificationException("leaf index " + leafIndex + " is not within a tree of size " + treeSize);
        }
        checkHashLength("leaf hash", leafHash);
        checkHashLength("root hash", rootHash);
        checkHashLengths(inclusionPath);
        int expected = inclusionProofSize(leafIndex, treeSize);
        if (inclusionPath.size() != expected) {
            throw new VerificationException("inclusion proof has " + inclusionPath.size() + " hashes, but index "
                    + leafIndex + " in a tree of size " + treeSize + " needs exactly " + expected);
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : inclusionPath) {
            if (sn == 0) {
                throw new VerificationException(
                        "inclusion proof is longer than the tree of size " + treeSize + " allows");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new VerificationException("inclusion proof is shorter than the tree of size " + treeSize + " needs");
        }
        if (!MessageDigest.isEqual(r, rootHash)) {
            throw new VerificationException(
                    "inclusion proof for index " + leafIndex + " does not lead to the root of size " + treeSize);
        }
    }

    /**
     * Verifies a consistency proof by the algorithm of RFC 9162 section 2.1.4.2. The edge cases the algorithm
     * leaves out are decided as transparency-dev/merkle {@code proof.VerifyConsistency} decides them: size1 greater
     * than size2 fails; size1 = 0 fails whatever the proof (a consistency proof from the empty tree proves nothing,
     * so no verifier should be asked to accept one); size1 = size2 needs an empty proof and equal roots. Unlike the
     * reference, roots that are not 32 bytes fail even when size1 = size2 (the reference compares them bytewise and
     * accepts two equal 15-byte "roots"): no root of an RFC 9162 SHA-256 tree has another length.
     */
    public static void verifyConsistency(
            long firstSize, long secondSize, List<byte[]> consistencyPath, byte[] firstHash, byte[] secondHash)
            throws VerificationException {
        if (firstSize < 0 || secondSize < firstSize) {
            throw new VerificationException(
                    "no consistency proof goes from size " + firstSize + " to size " + secondSize);
        }
        if (firstSize == 0) {
            throw new VerificationException(
                    "a consistency proof from the empty tree (size 0) proves nothing and is refused");
        }
        checkHashLength("root hash of size " + firstSize, firstHash);
        checkHashLength("root hash of size " + secondSize, secondHash);
        checkHashLengths(consistencyPath);
        if (firstSize == secondSize) {
            if (!consistencyPath.isEmpty()) {
                throw new VerificationException(
                        "a consistency proof from size " + firstSize + " to " + secondSize + " must be empty");
            }
            if (!MessageDigest.isEqual(firstHash, secondHash)) {
                throw new VerificationException("two trees of size " + firstSize + " have different roots");
            }
            return;
        }
        if (consistencyPath.isEmpty()) {
            throw new VerificationException(
                    "consistency proof from size " + firstSize + " to " + secondSize + " is empty");
        }
        List<byte[]> path = new ArrayList<>(consistencyPath.size() + 1);
        if (Long.bitCount(firstSize) == 1) {
            path.add(firstHash);
        }
        path.addAll(consistencyPath);

        long fn = firstSize - 1;
        long sn = secondSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                throw new VerificationException(
                        "consistency proof from size " + firstSize + " to " + secondSize + " is too long");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new VerificationException(
                    "consistency proof from size " + firstSize + " to " + secondSize + " is too short");
        }
        if (!MessageDigest.isEqual(fr, firstHash)) {
            throw new VerificationException("consistency proof does not reproduce the root of size " + firstSize);
        }
        if (!MessageDigest.isEqual(sr, secondHash)) {
            throw new VerificationException("consistency proof does not reproduce the root of size " + secondSize);
        }
    }

    /**
     * The length of the inclusion proof of {@code index} in a tree of {@code size}: one hash per level below the
     * node where the paths to {@code index} and to {@code size - 1} part (inner), plus one per left sibling on the
     * right border above it.
     */
    static int inclusionProofSize(long index, long size) {
        int inner = 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
        return inner + Long.bitCount(index >>> inner);
    }

    private static void checkHashLength(String what, byte[] hash) throws VerificationException {
        if (hash == null || hash.length != HASH_SIZE) {
            throw new VerificationException(
                    what + " is " + (hash == null ? "missing" : hash.length + " bytes") + ", not " + HASH_SIZE);
        }
    }

    private static void checkHashLengths(List<byte[]> path) throws VerificationException {
        for (int i = 0; i < path.size(); i++) {
            if (path.get(i) == null || path.get(i).length != HASH_SIZE) {
                throw new VerificationException("proof hash " + i + " is not " + HASH_SIZE + " bytes");
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
