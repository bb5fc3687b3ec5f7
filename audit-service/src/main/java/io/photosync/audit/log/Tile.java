package io.photosync.audit.log;

import java.util.Arrays;

/**
 * The hashes of one {@link TileId}: a full tile has 256, a partial tile (the right edge of the tree)
 * fewer. Hashes of the seven tree levels inside the tile are recomputed from the bottom row.
 */
public record Tile(TileId id, byte[] hashes) {
    public Tile {
        if (hashes.length % Hashes.SIZE != 0 || hashes.length > TileId.WIDTH * Hashes.SIZE) {
            throw new IllegalArgumentException(
                    "tile " + id + " has a malformed hash row of " + hashes.length + " bytes");
        }
    }

    public static Tile empty(TileId id) {
        return new Tile(id, new byte[0]);
    }

    public int width() {
        return hashes.length / Hashes.SIZE;
    }

    public boolean isFull() {
        return width() == TileId.WIDTH;
    }

    public byte[] hash(int position) {
        return Arrays.copyOfRange(hashes, position * Hashes.SIZE, (position + 1) * Hashes.SIZE);
    }

    public Tile append(byte[] hash) {
        byte[] grown = Arrays.copyOf(hashes, hashes.length + Hashes.SIZE);
        System.arraycopy(hash, 0, grown, hashes.length, Hashes.SIZE);
        return new Tile(id, grown);
    }

    /** The hash of a complete subtree whose leaves are this tile's hashes {@code [first, first + 2^height)}. */
    public byte[] subtreeHash(int first, int height) {
        if (first + (1 << height) > width()) {
            throw new MissingNodeException(
                    "tile " + id + " of width " + width() + " lacks positions up to " + (first + (1 << height)));
        }
        if (height == 0) {
            return hash(first);
        }
        int half = 1 << (height - 1);
        return Hashes.nodeHash(subtreeHash(first, height - 1), subtreeHash(first + half, height - 1));
    }

    /** The root of a full tile: the tree-level hash the tile above stores for it. */
    public byte[] root() {
        return subtreeHash(0, TileId.HEIGHT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tile t && t.id.equals(id) && Arrays.equals(t.hashes, hashes);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Arrays.hashCode(hashes);
    }

    @Override
    public String toString() {
        return "Tile" + id + "[width=" + width() + "]";
    }
}
