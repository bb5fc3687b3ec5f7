package io.photosync.audit.log;

import java.util.Map;

/** A {@link NodeSource} over a set of loaded tiles: each node is computed inside the one tile that holds it. */
public final class TileNodeSource implements NodeSource {
    private final Map<TileId, Tile> tiles;

    public TileNodeSource(Map<TileId, Tile> tiles) {
        this.tiles = tiles;
    }

    @Override
    public byte[] hash(NodeId node) {
        TileId id = TileId.holding(node);
        Tile tile = tiles.get(id);
        if (tile == null) {
            throw new MissingNodeException("tile " + id + " is not stored; needed for node " + node);
        }
        int height = node.level() - id.level() * TileId.HEIGHT;
        int first = (int) ((node.index() << height) & (TileId.WIDTH - 1));
        return tile.subtreeHash(first, height);
    }
}
