package io.photosync.audit.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Which subtree hashes make up a root, an inclusion proof and a consistency proof, following the
 * recursive definitions of RFC 9162 section 2.1 (MTH, PATH, SUBPROOF). Pure: no hash is computed here.
 */
public final class TreeMath {
    private TreeMath() {}

    /**
     * The tree head MTH(D[0:size]) as one folded range. Size 0 has no nodes: its root is {@link Hashes#emptyRoot()}.
     */
    public static ProofPlan root(long size) {
        requireSize(size);
        return new ProofPlan(size == 0 ? List.of() : List.of(range(0, size)));
    }

    /** PATH(index, D[0:size]): sibling hashes from the leaf upwards (RFC 9162 section 2.1.3.1). */
    public static ProofPlan inclusion(long index, long size) {
        requireSize(size);
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " is not in a tree of size " + size);
        }
        List<List<NodeId>> proof = new ArrayList<>();
        path(index, 0, size, proof);
        return new ProofPlan(proof);
    }

    /** PROOF(from, D[0:to]) (RFC 9162 section 2.1.4.1); empty when from == to. */
    public static ProofPlan consistency(long from, long to) {
        requireSize(to);
        if (from < 1 || from > to) {
            throw new IllegalArgumentException("no consistency proof from size " + from + " to size " + to);
        }
        List<List<NodeId>> proof = new ArrayList<>();
        subproof(from, 0, to, true, proof);
        return new ProofPlan(proof);
    }

    private static void path(long m, long start, long end, List<List<NodeId>> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, start, start + k, out);
            out.add(range(start + k, end));
        } else {
            path(m - k, start + k, end, out);
            out.add(range(start, start + k));
        }
    }

    private static void subproof(long m, long start, long end, boolean complete, List<List<NodeId>> out) {
        long n = end - start;
        if (m == n) {
            if (!complete) {
                out.add(range(start, end));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, start, start + k, complete, out);
            out.add(range(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, out);
            out.add(range(start, start + k));
        }
    }

    /** Leaves [start, end) as complete subtrees from left to right, each as large as alignment allows. */
    static List<NodeId> range(long start, long end) {
        List<NodeId> nodes = new ArrayList<>();
        long at = start;
        while (at < end) {
            int level = at == 0 ? 63 : Long.numberOfTrailingZeros(at);
            while ((1L << level) > end - at || level > 62) {
                level--;
            }
            nodes.add(new NodeId(level, at >>> level));
            at += 1L << level;
        }
        return nodes;
    }

    /** The k of RFC 9162: the largest power of two smaller than n (n > 1). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void requireSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size " + size);
        }
    }
}
