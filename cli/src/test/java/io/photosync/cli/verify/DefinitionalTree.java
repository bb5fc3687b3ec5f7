package io.photosync.cli.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Proofs built recursively from the definitions PATH(m, D[n]) and PROOF(m, D[n]) of RFC 9162
 * sections 2.1.3.1 and 2.1.4.1 — a second, deliberately naive construction to test the verifier with.
 */
final class DefinitionalTree {
    private DefinitionalTree() {}

    static List<byte[]> inclusionProof(List<byte[]> entries, int m) {
        int n = entries.size();
        if (n == 1) {
            return new ArrayList<>();
        }
        int k = Integer.highestOneBit(n - 1);
        List<byte[]> path;
        if (m < k) {
            path = inclusionProof(entries.subList(0, k), m);
            path.add(Merkle.rootHash(entries.subList(k, n)));
        } else {
            path = inclusionProof(entries.subList(k, n), m - k);
            path.add(Merkle.rootHash(entries.subList(0, k)));
        }
        return path;
    }

    static List<byte[]> consistencyProof(List<byte[]> entries, int m) {
        return subproof(m, entries, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> entries, boolean b) {
        int n = entries.size();
        if (m == n) {
            List<byte[]> out = new ArrayList<>();
            if (!b) {
                out.add(Merkle.rootHash(entries));
            }
            return out;
        }
        int k = Integer.highestOneBit(n - 1);
        List<byte[]> out;
        if (m <= k) {
            out = subproof(m, entries.subList(0, k), b);
            out.add(Merkle.rootHash(entries.subList(k, n)));
        } else {
            out = subproof(m - k, entries.subList(k, n), false);
            out.add(Merkle.rootHash(entries.subList(0, k)));
        }
        return out;
    }
}
