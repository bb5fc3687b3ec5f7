package io.photosync.audit.service;

import io.photosync.audit.log.Hashes;
import io.photosync.audit.log.MissingNodeException;
import io.photosync.audit.log.NodeId;
import io.photosync.audit.log.NodeSource;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.log.Tile;
import io.photosync.audit.log.TileId;
import io.photosync.audit.log.TileNodeSource;
import io.photosync.audit.log.TreeMath;
import io.photosync.audit.repository.LogStorage;
import io.photosync.audit.repository.StoredCheckpoint;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Recomputes the log from what is stored and says exactly where it disagrees: every leaf against
 * its hash in the level-0 tiles, every higher tile hash against the root of the tile below, every
 * stored checkpoint's signature and root against the tiles. Every root being recomputed from one
 * stored sequence of leaves is what makes consecutive checkpoints consistent: the smaller tree is
 * then a prefix of the larger.
 */
public final class SelfAudit {
    /** Problems beyond this many are counted, not listed. */
    static final int MAX_LISTED = 20;

    private final LogStorage storage;
    private final NoteKeys.Verifier verifier;

    public SelfAudit(LogStorage storage, NoteKeys.Verifier verifier) {
        this.storage = storage;
        this.verifier = verifier;
    }

    public record Report(Instant at, long treeSize, long checkpoints, List<String> problems, long problemCount) {
        public boolean ok() {
            return problemCount == 0;
        }
    }

    public Report run() {
        List<String> problems = new ArrayList<>();
        long[] problemCount = {0};
        Consumer<String> problem = p -> {
            if (problemCount[0]++ < MAX_LISTED) {
                problems.add(p);
            }
        };
        Map<TileId, Tile> tiles = new HashMap<>();
        long leaves = checkLeaves(tiles, problem);
        checkUpperTiles(tiles, problem);

        NodeSource nodes = memoized(new TileNodeSource(tiles));
        long[] count = {0};
        StoredCheckpoint[] previous = {null};
        storage.forEachCheckpoint(cp -> {
            count[0]++;
            checkCheckpoint(cp, previous[0], leaves, nodes, problem);
            previous[0] = cp;
        });
        long treeSize = previous[0] == null ? 0 : previous[0].size();
        return new Report(Instant.now(), treeSize, count[0], problems, problemCount[0]);
    }

    private long checkLeaves(Map<TileId, Tile> tiles, Consumer<String> problem) {
        long[] leaves = {0};
        storage.forEachTile(0, tile -> {
            tiles.put(tile.id(), tile);
            long first = tile.id().index() * TileId.WIDTH;
            if (first != leaves[0]) {
                problem.accept("tile 0/" + tile.id().index() + " follows a gap: leaves up to index " + leaves[0] + " are covered");
            }
            List<byte[]> entries = storage.entries(first, first + tile.width());
            for (int j = 0; j < tile.width(); j++) {
                long index = first + j;
                if (j >= entries.size()) {
                    problem.accept("entry at index " + index + " is missing but tile 0/" + tile.id().index() + " has its hash");
                } else if (!MessageDigest.isEqual(Hashes.leafHash(entries.get(j)), tile.hash(j))) {
                    problem.accept("leaf at index " + index + " does not match its hash in tile 0/" + tile.id().index()
                            + " position " + j + ": the entry or the tile was changed");
                }
            }
            leaves[0] = first + tile.width();
        });
        List<byte[]> beyond = storage.entries(leaves[0], leaves[0] + 1);
        if (!beyond.isEmpty()) {
            problem.accept("entry at index " + leaves[0] + " is sequenced but no tile holds its hash");
        }
        return leaves[0];
    }

    private void checkUpperTiles(Map<TileId, Tile> tiles, Consumer<String> problem) {
        for (int level = 1; ; level++) {
            int below = level - 1;
            long fullBelow = tiles.values().stream().filter(t -> t.id().level() == below && t.isFull()).count();
            List<Tile> row = new ArrayList<>();
            storage.forEachTile(level, row::add);
            if (row.isEmpty() && fullBelow == 0) {
                return;
            }
            long hashes = 0;
            for (Tile tile : row) {
                tiles.put(tile.id(), tile);
                hashes += tile.width();
                for (int j = 0; j < tile.width(); j++) {
                    TileId child = new TileId(below, tile.id().index() * TileId.WIDTH + j);
                    Tile childTile = tiles.get(child);
                    if (childTile == null || !childTile.isFull()) {
                        problem.accept("tile " + level + "/" + tile.id().index() + " position " + j + " stands for tile "
                                + below + "/" + child.index() + ", which is not a full stored tile");
                    } else if (!MessageDigest.isEqual(childTile.root(), tile.hash(j))) {
                        problem.accept("tile " + level + "/" + tile.id().index() + " position " + j
                                + " does not match the root of tile " + below + "/" + child.index());
                    }
                }
            }
            if (hashes != fullBelow) {
                problem.accept("tile level " + level + " holds " + hashes + " hashes but level " + below + " has " + fullBelow + " full tiles");
            }
        }
    }

    private void checkCheckpoint(StoredCheckpoint cp, StoredCheckpoint previous, long leaves, NodeSource nodes,
                                 Consumer<String> problem) {
        long size = cp.size();
        try {
            verifier.open(cp.note());
        } catch (IllegalArgumentException e) {
            problem.accept("checkpoint of size " + size + ": " + e.getMessage());
        }
        if (size > leaves) {
            problem.accept("checkpoint of size " + size + " covers more leaves than the " + leaves + " stored");
            return;
        }
        byte[] root = rootOf(size, nodes, problem);
        if (root != null && !MessageDigest.isEqual(root, cp.checkpoint().rootHash())) {
            problem.accept("checkpoint of size " + size + ": the root recomputed from the stored leaves and tiles differs from the signed root");
        }
        if (previous != null && !previous.checkpoint().origin().equals(cp.checkpoint().origin())) {
            problem.accept("checkpoints of sizes " + previous.size() + " and " + size + " name different origins");
        }
    }

    private static byte[] rootOf(long size, NodeSource nodes, Consumer<String> problem) {
        if (size == 0) {
            return Hashes.emptyRoot();
        }
        try {
            return TreeMath.root(size).resolve(nodes).getFirst();
        } catch (MissingNodeException e) {
            problem.accept("tree of size " + size + " cannot be recomputed: " + e.getMessage());
            return null;
        }
    }

    /** Consecutive checkpoints share most subtrees; computing each once keeps the audit linear. */
    private static NodeSource memoized(NodeSource source) {
        Map<NodeId, byte[]> memo = new HashMap<>();
        return node -> {
            byte[] hash = memo.get(node);
            if (hash == null) {
                hash = source.hash(node);
                memo.put(node, hash);
            }
            return hash;
        };
    }
}
