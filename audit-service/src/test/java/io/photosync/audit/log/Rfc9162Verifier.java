package io.photosync.audit.log;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only proof checks written straight from the verification algorithms of RFC 9162 sections
 * 2.1.3.2 and 2.1.4.2 (bit walks over the proof), independent of the recursive generation in
 * {@link TreeMath}; plus the definition of MTH by recursion over a list of leaves.
 */
public final class Rfc9162Verifier {
    private Rfc9162Verifier() {
    }

    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    public static boolean verifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, List<byte[]> proof) {
        if (first < 1 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstHash, secondHash);
        }
        List<byte[]> c = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            c.addFirst(firstHash);
        }
        if (c.isEmpty()) {
            return false;
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = c.getFirst();
        byte[] sr = c.getFirst();
        for (byte[] h : c.subList(1, c.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = node(h, fr);
                sr = node(h, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = node(sr, h);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstHash) && MessageDigest.isEqual(sr, secondHash);
    }

    /** MTH(D[0:n]) of RFC 9162 section 2.1.1, by its recursive definition over leaf hashes. */
    public static byte[] rootOf(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            return sha256(new byte[0]);
        }
        if (leafHashes.size() == 1) {
            return leafHashes.getFirst();
        }
        int k = Integer.highestOneBit(leafHashes.size() - 1);
        return node(rootOf(leafHashes.subList(0, k)), rootOf(leafHashes.subList(k, leafHashes.size())));
    }

    private static byte[] node(byte[] left, byte[] right) {
        byte[] buf = new byte[1 + left.length + right.length];
        buf[0] = 1;
        System.arraycopy(left, 0, buf, 1, left.length);
        System.arraycopy(right, 0, buf, 1 + left.length, right.length);
        return sha256(buf);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
