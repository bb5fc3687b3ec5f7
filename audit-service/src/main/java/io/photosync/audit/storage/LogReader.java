package io.photosync.audit.storage;

import io.photosync.audit.log.Tile;
import io.photosync.audit.log.TileId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The read side of the log's storage: what proofs, the self-audit and provenance need. Everything read here is
 * durable; nothing here changes the log.
 */
public interface LogReader {
    /** For those of {@code ids} that are sequenced: index and stored leaf hash. */
    Map<UUID, Sequenced> sequenced(Collection<UUID> ids);

    record Sequenced(long index, byte[] leafHash) {}

    long pendingCount();

    Optional<StoredCheckpoint> latestCheckpoint();

    /** Stored checkpoints in increasing tree size. */
    void forEachCheckpoint(Consumer<StoredCheckpoint> action);

    Map<TileId, Tile> tiles(Set<TileId> ids);

    /** All stored tiles of one tile level, in index order. */
    void forEachTile(int level, Consumer<Tile> action);

    /** Entry bytes of indices {@code [from, to)}, in order; shorter if some are missing. */
    List<byte[]> entries(long from, long to);

    Optional<StoredEntry> entry(long index);

    /**
     * The sequenced entries at {@code indices} with their kept disclosures, in index order; missing ones are left out.
     */
    List<StoredEntry> entries(Collection<Long> indices);
}
