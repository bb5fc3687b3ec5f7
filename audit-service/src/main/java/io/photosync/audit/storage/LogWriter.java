package io.photosync.audit.storage;

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

/** The write side of the log's storage: storing submissions, the one sequencing transaction, erasure, the key. */
public interface LogWriter {
    /**
     * Stores the batch durably in one transaction, with its token's use ({@code use}; null for audit-service's own
     * events). Ids stored before with the same content hash are left as they are (idempotent); if any id was stored
     * with another content hash, or the token was used before, nothing is written.
     */
    void store(List<PreparedEntry> entries, String source, TokenUse use)
            throws EntryConflictException, TokenReplayedException;

    /** Starts the one sequencing transaction allowed at a time across all replicas; empty if another runs. */
    Optional<SequencingSession> beginSequencing();

    /** Deletes the clear personal values of an entry; the leaf and every proof stay as they are. */
    int eraseDisclosures(UUID entryId);

    /** The stored checkpoint signing key (signed-note signer key form), storing {@code generated} if there is none. */
    String signingKey(String name, String generated);

    /** One sequencing transaction; closing without {@link #commit()} rolls everything back. */
    interface SequencingSession extends AutoCloseable {
        Optional<StoredCheckpoint> latestCheckpoint();

        List<PendingEntry> pending(int limit);

        /** Records the uses; answers the keys that were not recorded before (each spent once, here). */
        Set<String> spend(Collection<TokenUse> uses);

        /** The content hashes of those of {@code ids} that are stored, sequenced or not. */
        Map<UUID, byte[]> contentHashes(Collection<UUID> ids);

        /** The current heads of those of {@code chains} that have any sequenced entry. */
        Map<String, Chains.Head> chainHeads(Set<String> chains);

        Map<TileId, Tile> tiles(Set<TileId> ids);

        /** Gives {@code entries} the indices from {@code firstIndex} on, storing each one's final (linked) leaf. */
        void assign(List<PendingEntry> entries, long firstIndex);

        /**
         * Stores {@code entries}, not stored before, with the indices from {@code firstIndex} on and their disclosures:
         * written once, already sequenced.
         */
        void insertSequenced(List<NewEntry> entries, long firstIndex);

        void moveChainHeads(Map<String, Chains.Head> heads);

        void writeTiles(Collection<Tile> tiles);

        void storeCheckpoint(StoredCheckpoint checkpoint);

        void commit();

        @Override
        void close();
    }
}
