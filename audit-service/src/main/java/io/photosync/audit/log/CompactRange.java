package io.photosync.audit.log;

import java.util.ArrayList;
import java.util.List;

/**
 * The root of a growing tree (RFC 9162 §2.1.1 MTH) from its leaf hashes in order, keeping only the
 * perfect subtrees along the right edge: O(log n) hashes however large the tree grows.
 */
public final class CompactRange {
    /** Roots of the perfect subtrees the tree splits into, largest (leftmost) first. */
    private final List<byte[]> subtrees = new ArrayList<>();

    private long size;

    public long size() {
        return size;
    }

    public void append(byte[] leafHash) {
        byte[] hash = leafHash;
        // each trailing 1 bit of the old size is a subtree of the new one's size, now complete
        for (long s = size; (s & 1) == 1; s >>= 1) {
            hash = Hashes.nodeHash(subtrees.removeLast(), hash);
        }
        subtrees.add(hash);
        size++;
    }

    /**
     * MTH of the leaves appended so far: the subtrees folded from the right (RFC 9162 §2.1.1, k = largest power of 2 <
     * n).
     */
    public byte[] root() {
        if (size == 0) {
            return Hashes.emptyRoot();
        }
        byte[] root = subtrees.getLast();
        for (int i = subtrees.size() - 2; i >= 0; i--) {
            root = Hashes.nodeHash(subtrees.get(i), root);
        }
        return root;
    }
}
