package io.photosync.audit.log;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Grows the tiles of a tree by appending leaf hashes: a hash goes into the right-edge tile of level
 * 0, and each tile that fills up hands its root to the level above. Starts from the right-edge tiles
 * of the current tree, the only ones that change.
 */
public final class TileAppender {
    private final Map<TileId, Tile> tiles;
    private final Set<TileId> changed = new LinkedHashSet<>();
    private long size;

    /** @param edge the tiles of {@link #rightEdge(long)} for {@code size}, as stored */
    public TileAppender(long size, Map<TileId, Tile> edge) {
        this.size = size;
        this.tiles = new HashMap<>(edge);
        for (TileId id : rightEdge(size)) {
            Tile tile = tiles.get(id);
            long expected = (size >>> (TileId.HEIGHT * id.level())) & (TileId.WIDTH - 1);
            if (tile == null || tile.width() != expected) {
                throw new MissingNodeException("right-edge tile " + id + " should hold " + expected
                        + " hashes for tree size " + size + " but holds " + (tile == null ? "none" : tile.width()));
            }
        }
    }

    /**
     * The partial tiles of a tree of {@code size} leaves: one per tile level whose row does not end on a tile boundary.
     */
    public static Set<TileId> rightEdge(long size) {
        Set<TileId> edge = new LinkedHashSet<>();
        for (int level = 0; (size >>> (TileId.HEIGHT * level)) > 0; level++) {
            long count = size >>> (TileId.HEIGHT * level);
            if (count % TileId.WIDTH != 0) {
                edge.add(new TileId(level, count >>> TileId.HEIGHT));
            }
        }
        return edge;
    }

    public void append(byte[] leafHash) {
        appendAt(0, size, leafHash);
        size++;
    }

    private void appendAt(int level, long position, byte[] hash) {
        TileId id = new TileId(level, position >>> TileId.HEIGHT);
        Tile tile = tiles.getOrDefault(id, Tile.empty(id)).append(hash);
        tiles.put(id, tile);
        changed.add(id);
        if (tile.isFull()) {
            appendAt(level + 1, position >>> TileId.HEIGHT, tile.root());
        }
    }

    public long size() {
        return size;
    }

    /** Tiles written since construction, to be stored. */
    public Collection<Tile> changedTiles() {
        return changed.stream().map(tiles::get).toList();
    }

    /** Everything this appender knows: the loaded edge plus what it built. */
    public Map<TileId, Tile> tiles() {
        return tiles;
    }
}
