package io.photosync.audit.publishing;

import static io.photosync.audit.publishing.ProofRefused.Reason.NOT_FOUND;
import static io.photosync.audit.publishing.ProofRefused.Reason.NO_CHECKPOINT;
import static io.photosync.audit.publishing.ProofRefused.Reason.OUT_OF_RANGE;

import io.photosync.audit.log.ConsistencyProof;
import io.photosync.audit.log.Hashes;
import io.photosync.audit.log.InclusionProof;
import io.photosync.audit.log.ProofPlan;
import io.photosync.audit.log.Tile;
import io.photosync.audit.log.TileId;
import io.photosync.audit.log.TileNodeSource;
import io.photosync.audit.log.TlogProof;
import io.photosync.audit.log.TreeMath;
import io.photosync.audit.storage.LogReader;
import io.photosync.audit.storage.StoredCheckpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proofs against signed checkpoints only: a tree size larger than the latest signed one is refused. Reads O(log n)
 * tiles.
 */
@ApplicationScoped
public class ProofService {
    @Inject
    LogReader storage;

    public StoredCheckpoint latest() {
        return storage.latestCheckpoint()
                .orElseThrow(() -> new ProofRefused(NO_CHECKPOINT, "the log has not signed its first checkpoint yet"));
    }

    public InclusionProof inclusion(long index, long treeSize) {
        requireSigned(treeSize);
        requireIndex(index, treeSize);
        return new InclusionProof(index, treeSize, resolve(TreeMath.inclusion(index, treeSize)));
    }

    /**
     * Inclusion proofs of many entries against one signed tree size, from one read of the union of their tiles:
     * entries of one answer share most of their upper tiles, so the reads do not grow with the number of entries.
     */
    public Map<Long, List<byte[]>> inclusions(Collection<Long> indices, long treeSize) {
        requireSigned(treeSize);
        Map<Long, ProofPlan> plans = new HashMap<>();
        Set<TileId> tiles = new HashSet<>();
        for (long index : indices) {
            requireIndex(index, treeSize);
            ProofPlan plan = TreeMath.inclusion(index, treeSize);
            plans.put(index, plan);
            tiles.addAll(plan.tiles());
        }
        TileNodeSource source = new TileNodeSource(storage.tiles(tiles));
        Map<Long, List<byte[]>> proofs = new HashMap<>();
        plans.forEach((index, plan) -> proofs.put(index, plan.resolve(source)));
        return proofs;
    }

    public ConsistencyProof consistency(long from, long to) {
        requireSigned(to);
        if (from < 1 || from > to) {
            throw new ProofRefused(OUT_OF_RANGE, "from must be in [1, to]; got from " + from + ", to " + to);
        }
        return new ConsistencyProof(from, to, resolve(TreeMath.consistency(from, to)));
    }

    /** C2SP tlog-proof@v1 of one entry against the latest signed checkpoint. */
    public String tlogProof(long index) {
        StoredCheckpoint latest = latest();
        if (index < 0 || index >= latest.size()) {
            throw new ProofRefused(OUT_OF_RANGE, "index must be in [0, " + latest.size() + "); got " + index);
        }
        InclusionProof proof =
                new InclusionProof(index, latest.size(), resolve(TreeMath.inclusion(index, latest.size())));
        return TlogProof.format(proof, latest.note());
    }

    /**
     * The hashes of a tile as C2SP tlog-tiles serves them: {@code width} hashes of 32 bytes, a prefix of what is
     * stored.
     */
    public byte[] tile(TileId.Request request) {
        long signed = latest().size();
        long rowSize = signed >>> (TileId.HEIGHT * request.id().level());
        long available = Math.min(TileId.WIDTH, rowSize - request.id().index() * TileId.WIDTH);
        if (request.width() > available) {
            throw new ProofRefused(
                    NOT_FOUND,
                    "tile " + request.id() + " has no " + request.width() + " hashes in the tree of size " + signed);
        }
        Tile tile = storage.tiles(Set.of(request.id())).get(request.id());
        if (tile == null || tile.width() < request.width()) {
            throw new ProofRefused(NOT_FOUND, "tile " + request.id() + " is not stored");
        }
        return Arrays.copyOf(tile.hashes(), request.width() * Hashes.SIZE);
    }

    private static void requireIndex(long index, long treeSize) {
        if (index < 0 || index >= treeSize) {
            throw new ProofRefused(
                    OUT_OF_RANGE, "index must be in [0, treeSize); got index " + index + ", treeSize " + treeSize);
        }
    }

    private void requireSigned(long treeSize) {
        long signed = latest().size();
        if (treeSize < 1 || treeSize > signed) {
            throw new ProofRefused(
                    OUT_OF_RANGE,
                    "tree size must be in [1, " + signed + "] (the latest signed checkpoint); got " + treeSize);
        }
    }

    private List<byte[]> resolve(ProofPlan plan) {
        return plan.resolve(new TileNodeSource(storage.tiles(plan.tiles())));
    }
}
