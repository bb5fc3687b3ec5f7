package io.photosync.audit.log;

/**
 * A complete subtree of the log: the node at {@code level} (0 = leaves) with {@code index} counted
 * from the left at that level, covering leaves {@code [index·2^level, (index+1)·2^level)}.
 */
public record NodeId(int level, long index) {
    public NodeId {
        if (level < 0 || level > 63 || index < 0) {
            throw new IllegalArgumentException("no such node: level " + level + ", index " + index);
        }
    }

    public long firstLeaf() {
        return index << level;
    }

    public long leafCount() {
        return 1L << level;
    }
}
