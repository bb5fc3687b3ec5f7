package io.photosync.audit.selfaudit;

import io.photosync.audit.log.CompactRange;
import io.photosync.audit.log.Hashes;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.log.TileId;
import io.photosync.audit.storage.LogReader;
import io.photosync.audit.storage.StoredCheckpoint;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Recomputes the log from what is stored and says exactly where it disagrees: every leaf against
 * its hash in the level-0 tiles, every higher tile hash against the root of the tile below, every
 * stored checkpoint's signature and root against the tiles. Every root being recomputed from one
 * stored sequence of leaves is what makes consecutive checkpoints consistent: the smaller tree is
 * then a prefix of the larger.
 * <p>
 * It audits the tree of the latest checkpoint read at its start, while the sequencer may go on
 * growing the log: entries, checkpoints and the hashes a tile held at that size never change once
 * committed (they commit together), so that prefix is a consistent snapshot without holding one
 * transaction open. Memory: the leaf stream passes through a {@link CompactRange}; only one tile's
 * leaves and one root per full tile (1/256 of the leaf hashes) are held at a time.
 */
public final class SelfAudit {
    /** Problems beyond this many are counted, not listed. */
    static final int MAX_LISTED = 20;

    private final LogReader storage;
    private final NoteKeys.Verifier verifier;

    public SelfAudit(LogReader storage, NoteKeys.Verifier verifier) {
        this.storage = storage;
        this.verifier = verifier;
    }

    public record Report(Instant at, long treeSize, long checkpoints, List<String> problems, long problemCount) {
        public boolean ok() {
            return problemCount == 0;
        }
    }

    /** A stored checkpoint's size and signed root, all a root comparison needs. */
    private record Signed(long size, byte[] rootHash) {}

    public Report run() {
        List<String> problems = new ArrayList<>();
        long[] problemCount = {0};
        Consumer<String> problem = p -> {
            if (problemCount[0]++ < MAX_LISTED) {
                problems.add(p);
            }
        };
        long treeSize = storage.latestCheckpoint().map(StoredCheckpoint::size).orElse(0L);
        List<Signed> signed = checkpoints(treeSize, problem);
        List<byte[]> roots = checkLeaves(treeSize, signed, problem);
        for (int level = 1; (treeSize >> (TileId.HEIGHT * level)) > 0; level++) {
            roots = checkUpperTiles(level, treeSize >> (TileId.HEIGHT * level), roots, problem);
        }
        return new Report(Instant.now(), treeSize, signed.size(), problems, problemCount[0]);
    }

    /** Signatures and origins of the checkpoints up to {@code treeSize}; their roots are checked against the leaves. */
    private List<Signed> checkpoints(long treeSize, Consumer<String> problem) {
        List<Signed> signed = new ArrayList<>();
        StoredCheckpoint[] previous = {null};
        storage.forEachCheckpoint(cp -> {
            if (cp.size() > treeSize) {
                return;
            }
            try {
                verifier.open(cp.note());
            } catch (IllegalArgumentException e) {
                problem.accept("checkpoint of size " + cp.size() + ": " + e.getMessage());
            }
            if (previous[0] != null
                    && !previous[0].checkpoint().origin().equals(cp.checkpoint().origin())) {
                problem.accept(
                        "checkpoints of sizes " + previous[0].size() + " and " + cp.size() + " name different origins");
            }
            signed.add(new Signed(cp.size(), cp.checkpoint().rootHash()));
            previous[0] = cp;
        });
        return signed;
    }

    /**
     * Level 0: each leaf against its tile hash, and each signed root against the root of the tile hashes
     * up to its size. Returns the roots of the full level-0 tiles, which level 1 must hold.
     */
    private List<byte[]> checkLeaves(long treeSize, List<Signed> signed, Consumer<String> problem) {
        CompactRange range = new CompactRange();
        List<byte[]> fullTileRoots = new ArrayList<>();
        int[] nextCheckpoint = {compareRoots(signed, 0, range, problem)};
        boolean[] broken = {false};
        storage.forEachTile(0, tile -> {
            long first = tile.id().index() * TileId.WIDTH;
            if (first >= treeSize || broken[0]) {
                return;
            }
            if (first != range.size()) {
                problem.accept("tile 0/" + tile.id().index() + " follows a gap: leaves up to index " + range.size()
                        + " are covered");
                broken[0] = true;
                return;
            }
            int width = (int) Math.min(tile.width(), treeSize - first);
            List<byte[]> entries = storage.entries(first, first + width);
            for (int j = 0; j < width; j++) {
                long index = first + j;
                if (j >= entries.size()) {
                    problem.accept("entry at index " + index + " is missing but tile 0/"
                            + tile.id().index() + " has its hash");
                } else if (!MessageDigest.isEqual(Hashes.leafHash(entries.get(j)), tile.hash(j))) {
                    problem.accept("leaf at index " + index + " does not match its hash in tile 0/"
                            + tile.id().index() + " position " + j + ": the entry or the tile was changed");
                }
                range.append(tile.hash(j));
                nextCheckpoint[0] = compareRoots(signed, nextCheckpoint[0], range, problem);
            }
            if (first + TileId.WIDTH <= treeSize && tile.isFull()) {
                fullTileRoots.add(tile.root());
            }
        });
        for (int i = nextCheckpoint[0]; i < signed.size(); i++) {
            problem.accept("checkpoint of size " + signed.get(i).size() + " covers more leaves than the " + range.size()
                    + " the stored tiles hold");
        }
        return fullTileRoots;
    }

    /** Compares every signed root of the range's current size; returns the index of the next checkpoint to compare. */
    private static int compareRoots(List<Signed> signed, int next, CompactRange range, Consumer<String> problem) {
        int i = next;
        while (i < signed.size() && signed.get(i).size() == range.size()) {
            if (!MessageDigest.isEqual(range.root(), signed.get(i).rootHash())) {
                problem.accept("checkpoint of size " + signed.get(i).size()
                        + ": the root recomputed from the stored leaves and tiles differs from the signed root");
            }
            i++;
        }
        return i;
    }

    /**
     * Level {@code level} must hold exactly the roots of the full tiles below, {@code hashes} of them at the
     * audited size. Returns the roots of this level's full tiles.
     */
    private List<byte[]> checkUpperTiles(int level, long hashes, List<byte[]> below, Consumer<String> problem) {
        int lower = level - 1;
        List<byte[]> fullTileRoots = new ArrayList<>();
        long[] covered = {0};
        storage.forEachTile(level, tile -> {
            long first = tile.id().index() * TileId.WIDTH;
            if (first >= hashes || first != covered[0]) {
                return;
            }
            int needed = (int) Math.min(TileId.WIDTH, hashes - first);
            for (int j = 0; j < Math.min(needed, tile.width()); j++) {
                long child = first + j;
                if (child >= below.size()) {
                    problem.accept("tile " + level + "/" + tile.id().index() + " position " + j + " stands for tile "
                            + lower + "/" + child + ", which is not a full stored tile");
                } else if (!MessageDigest.isEqual(below.get((int) child), tile.hash(j))) {
                    problem.accept("tile " + level + "/" + tile.id().index() + " position " + j
                            + " does not match the root of tile " + lower + "/" + child);
                }
            }
            covered[0] = first + Math.min(needed, tile.width());
            if (needed == TileId.WIDTH && tile.isFull()) {
                fullTileRoots.add(tile.root());
            }
        });
        if (covered[0] != hashes) {
            problem.accept("tile level " + level + " holds " + covered[0] + " hashes in order but level " + lower
                    + " has " + hashes + " full tiles");
        }
        return fullTileRoots;
    }
}
