package io.photosync.audit.repository;

import io.photosync.audit.entry.Chains;
import io.photosync.audit.entry.PreparedEntry;
import io.photosync.audit.log.Tile;
import io.photosync.audit.log.TileId;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/** Where the log lives. Narrow on purpose: the log's logic stays out of storage, storage out of the logic. */
public interface LogStorage {

    /**
     * Stores the batch durably in one transaction. Ids stored before with the same content hash are
     * left as they are (idempotent); if any id was stored with another content hash, nothing is written.
     */
    void store(List<PreparedEntry> entries, String source) throws EntryConflictException;

    /** For those of {@code ids} that are sequenced: index and stored leaf hash. */
    Map<UUID, Sequenced> sequenced(Collection<UUID> ids);

    record Sequenced(long index, byte[] leafHash) {
    }

    long pendingCount();

    /** Starts the one sequencing transaction allowed at a time across all replicas; empty if another runs. */
    Optional<SequencingSession> beginSequencing();

    Optional<StoredCheckpoint> latestCheckpoint();

    /** Stored checkpoints in increasing tree size. */
    void forEachCheckpoint(Consumer<StoredCheckpoint> action);

    Map<TileId, Tile> tiles(Set<TileId> ids);

    /** All stored tiles of one tile level, in index order. */
    void forEachTile(int level, Consumer<Tile> action);

    /** Entry bytes of indices {@code [from, to)}, in order; shorter if some are missing. */
    List<byte[]> entries(long from, long to);

    Optional<StoredEntry> entry(long index);

    /** The sequenced entries at {@code indices} with their kept disclosures, in index order; missing ones are left out. */
    List<StoredEntry> entries(Collection<Long> indices);

    /** Deletes the clear personal values of an entry; the leaf and every proof stay as they are. */
    int eraseDisclosures(UUID entryId);

    /** The stored checkpoint signing key (signed-note signer key form), storing {@code generated} if there is none. */
    String signingKey(String name, String generated);

    /** One sequencing transaction; closing without {@link #commit()} rolls everything back. */
    interface SequencingSession extends AutoCloseable {
        Optional<StoredCheckpoint> latestCheckpoint();

        List<PendingEntry> pending(int limit);

        /** The current heads of those of {@code chains} that have any sequenced entry. */
        Map<String, Chains.Head> chainHeads(Set<String> chains);

        Map<TileId, Tile> tiles(Set<TileId> ids);

        /** Gives {@code entries} the indices from {@code firstIndex} on, storing each one's final (linked) leaf. */
        void assign(List<PendingEntry> entries, long firstIndex);

        void moveChainHeads(Map<String, Chains.Head> heads);

        void writeTiles(Collection<Tile> tiles);

        void storeCheckpoint(StoredCheckpoint checkpoint);

        void commit();

        @Override
        void close();
    }
}
