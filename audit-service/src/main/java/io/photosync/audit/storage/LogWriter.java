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

    /**
     * One sequencing transaction, in few round trips to the database: the lock and the latest checkpoint together
     * ({@link #beginSequencing}), everything a pass needs to know together ({@link #read}), everything it writes
     * together ({@link #write}), then the commit. Closing without {@link #commit()} rolls everything back.
     */
    interface SequencingSession extends AutoCloseable {
        /** The latest signed checkpoint, read under the lock. */
        Optional<StoredCheckpoint> latestCheckpoint();

        /**
         * What a pass asks for before it sequences.
         *
         * @param pendingLimit how many pending entries to take, oldest first
         * @param uses token uses to record (spend) now, before anything is decided
         * @param ids ids whose stored content hashes are wanted
         * @param chains chains whose heads are wanted
         * @param tiles tiles wanted (the right edge of the latest checkpoint's tree)
         */
        record Wanted(
                int pendingLimit,
                Collection<TokenUse> uses,
                Collection<UUID> ids,
                Set<String> chains,
                Set<TileId> tiles) {}

        /**
         * What {@link #read} found.
         *
         * @param unspent those of the uses' keys that were not recorded before (each is spent once, here)
         * @param contentHashes the content hashes of those of the ids that are stored, sequenced or not
         * @param heads the current heads of those of the chains that have any sequenced entry
         */
        record Found(
                List<PendingEntry> pending,
                Set<String> unspent,
                Map<UUID, byte[]> contentHashes,
                Map<String, Chains.Head> heads,
                Map<TileId, Tile> tiles) {}

        /** Records the uses and reads the rest of {@code wanted}, in that order, in one round trip. */
        Found read(Wanted wanted);

        /** The current heads of those of {@code chains} that have any sequenced entry. */
        Map<String, Chains.Head> chainHeads(Set<String> chains);

        /**
         * What a pass writes.
         *
         * @param firstIndex the index of the first of {@code assigned}, then of {@code inserted}
         * @param assigned pending entries that get their indices, each with its final (linked) leaf
         * @param inserted entries not stored before, written once with their indices and disclosures
         * @param heads the chains' new heads
         * @param tiles the tiles that changed
         * @param checkpoint the new signed checkpoint
         */
        record Writes(
                long firstIndex,
                List<PendingEntry> assigned,
                List<NewEntry> inserted,
                Map<String, Chains.Head> heads,
                Collection<Tile> tiles,
                StoredCheckpoint checkpoint) {}

        /** Writes all of {@code writes} in one round trip, in this transaction. */
        void write(Writes writes);

        void commit();

        @Override
        void close();
    }
}
