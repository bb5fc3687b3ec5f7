package io.photosync.audit.sequencing;

import io.photosync.audit.entry.Chains;
import io.photosync.audit.entry.LeafEncoder;
import io.photosync.audit.entry.PreparedEntry;
import io.photosync.audit.log.Checkpoint;
import io.photosync.audit.log.Hashes;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.log.TileAppender;
import io.photosync.audit.log.TileNodeSource;
import io.photosync.audit.log.TreeMath;
import io.photosync.audit.storage.EntryConflictException;
import io.photosync.audit.storage.LogWriter;
import io.photosync.audit.storage.NewEntry;
import io.photosync.audit.storage.PendingEntry;
import io.photosync.audit.storage.StoredCheckpoint;
import io.photosync.audit.storage.TokenReplayedException;
import io.photosync.audit.storage.TokenUse;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Integrates entries into the tree, one batch per transaction: the pending ones (stored by a replica that did not
 * hold the lock) and those {@link Handed handed} to this replica's sequencer, which are written once, with their
 * index, in the same transaction. It assigns the next indices, links each entry on a chain to its chain's previous
 * entry (docs/EVENTS.md "Chains"), grows the tiles, and signs and stores a new checkpoint, all or nothing. Only the
 * holder of the storage's sequencing lock works, so any number of replicas may run one.
 * <p>
 * Before signing it recomputes the last signed root from the grown tiles: the new tree must
 * contain the old one as its prefix, or nothing is signed (the log never signs two inconsistent
 * checkpoints).
 */
public final class Sequencer {
    private final LogWriter storage;
    private final NoteKeys.Signer signer;
    private final int batchLimit;

    public Sequencer(LogWriter storage, NoteKeys.Signer signer, int batchLimit) {
        this.storage = storage;
        this.signer = signer;
        this.batchLimit = batchLimit;
    }

    /**
     * One submission's entries, handed over in memory, as validated and encoded; not stored yet.
     *
     * @param use its source token's single use, recorded with the entries; null for audit-service's own events
     */
    public record Handed(List<PreparedEntry> entries, String source, Instant receivedAt, TokenUse use) {}

    /** A new checkpoint and the entries it added, in index order. */
    public record Batch(StoredCheckpoint checkpoint, List<PendingEntry> entries) {}

    /**
     * What one pass did. {@code lockHeld} false: another sequencer runs and nothing was done, the handed entries
     * included. Otherwise {@code refusals} has, for each handed submission in order, null if it was written, or why
     * nothing of it was: an {@link EntryConflictException} (ids stored, or handed earlier, with other content) or a
     * {@link TokenReplayedException}; {@code batch} the new checkpoint, if there was anything to add; and
     * {@code pendingLeft} whether it took as many pending entries as it may, so that more may be waiting.
     */
    public record Pass(boolean lockHeld, Optional<Batch> batch, List<Exception> refusals, boolean pendingLeft) {
        static final Pass LOCK_BUSY = new Pass(false, Optional.empty(), List.of(), false);
    }

    /** A pass over the pending entries alone. */
    public Pass integrate() {
        return integrate(List.of());
    }

    /**
     * A pass over up to {@code audit.log.batch-limit} pending entries and all of {@code handed}: the handed ones
     * follow the pending ones; an id already stored with the same content is not written again.
     */
    public Pass integrate(List<Handed> handed) {
        Optional<LogWriter.SequencingSession> maybeSession = storage.beginSequencing();
        if (maybeSession.isEmpty()) {
            return Pass.LOCK_BUSY;
        }
        try (LogWriter.SequencingSession session = maybeSession.get()) {
            Optional<StoredCheckpoint> latest = session.latestCheckpoint();
            long size = latest.map(StoredCheckpoint::size).orElse(0L);
            List<PreparedEntry> handedEntries =
                    handed.stream().flatMap(h -> h.entries().stream()).toList();
            Set<String> handedChains = handedEntries.stream()
                    .map(PreparedEntry::chain)
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            LogWriter.SequencingSession.Found found = session.read(new LogWriter.SequencingSession.Wanted(
                    batchLimit,
                    handed.stream().map(Handed::use).filter(Objects::nonNull).toList(),
                    handedEntries.stream().map(PreparedEntry::id).collect(Collectors.toSet()),
                    handedChains,
                    TileAppender.rightEdge(size)));
            List<PendingEntry> pending = found.pending();
            List<Exception> refusals = new ArrayList<>(handed.size());
            List<NewEntry> fresh = admit(handed, found, refusals);
            if (latest.isPresent() && pending.isEmpty() && fresh.isEmpty()) {
                session.commit(); // the refused submissions' token uses
                return new Pass(true, Optional.empty(), refusals, false);
            }
            List<PendingEntry> entries = new ArrayList<>(pending.size() + fresh.size());
            entries.addAll(pending);
            fresh.forEach(f -> entries.add(new PendingEntry(
                    f.entry().id(), f.entry().entry(), f.receivedAt(), f.entry().chain())));

            TileAppender appender = new TileAppender(size, found.tiles());
            latest.ifPresent(l -> requirePrefix(l.checkpoint(), appender));
            Map<String, Chains.Head> heads = new HashMap<>(found.heads());
            // Pending entries were stored outside a pass (another replica's, or after a failed pass): a second read,
            // rarely.
            Set<String> pendingChains = pending.stream()
                    .map(PendingEntry::chain)
                    .filter(c -> c != null && !handedChains.contains(c))
                    .collect(Collectors.toSet());
            if (!pendingChains.isEmpty()) {
                heads.putAll(session.chainHeads(pendingChains));
            }
            Map<String, Chains.Head> moved = new HashMap<>();
            List<PendingEntry> linked = new ArrayList<>(entries.size());
            for (PendingEntry p : entries) {
                PendingEntry leaf = p.chain() != null && heads.containsKey(p.chain())
                        ? p.withEntry(LeafEncoder.linked(p.entry(), heads.get(p.chain())))
                        : p;
                byte[] leafHash = Hashes.leafHash(leaf.entry());
                if (p.chain() != null) {
                    Chains.Head head = new Chains.Head(size + linked.size(), leafHash);
                    heads.put(p.chain(), head);
                    moved.put(p.chain(), head);
                }
                appender.append(leafHash);
                linked.add(leaf);
            }
            latest.ifPresent(l -> requirePrefix(l.checkpoint(), appender));

            Checkpoint next = new Checkpoint(signer.name(), appender.size(), root(appender));
            StoredCheckpoint signed =
                    new StoredCheckpoint(next, signer.sign(next.body()).format());
            List<NewEntry> freshLinked = new ArrayList<>(fresh.size());
            for (int i = 0; i < fresh.size(); i++) {
                NewEntry f = fresh.get(i);
                freshLinked.add(new NewEntry(
                        f.entry().withEntry(linked.get(pending.size() + i).entry()), f.source(), f.receivedAt()));
            }
            session.write(new LogWriter.SequencingSession.Writes(
                    size, linked.subList(0, pending.size()), freshLinked, moved, appender.changedTiles(), signed));
            session.commit();
            return new Pass(true, Optional.of(new Batch(signed, linked)), refusals, pending.size() == batchLimit);
        }
    }

    /**
     * The handed entries to write, in order; adds each submission's refusal, or null, to {@code refusals}. A
     * submission whose token was used before, or with any conflicting id, is left out whole, as
     * {@link LogWriter#store} would refuse it. Tokens were spent by the read, so a conflicting submission's is spent too.
     */
    private static List<NewEntry> admit(
            List<Handed> handed, LogWriter.SequencingSession.Found found, List<Exception> refusals) {
        Set<String> unspent = new HashSet<>(found.unspent());
        Map<UUID, byte[]> known = new HashMap<>(found.contentHashes());
        List<NewEntry> fresh = new ArrayList<>();
        for (Handed h : handed) {
            if (h.use() != null && !unspent.remove(h.use().key())) {
                refusals.add(new TokenReplayedException());
                continue;
            }
            List<UUID> conflicting = h.entries().stream()
                    .filter(e ->
                            known.containsKey(e.id()) && !MessageDigest.isEqual(known.get(e.id()), e.contentHash()))
                    .map(PreparedEntry::id)
                    .toList();
            if (!conflicting.isEmpty()) {
                refusals.add(new EntryConflictException(conflicting));
                continue;
            }
            refusals.add(null);
            for (PreparedEntry e : h.entries()) {
                if (known.putIfAbsent(e.id(), e.contentHash()) == null) {
                    fresh.add(new NewEntry(e, h.source(), h.receivedAt()));
                }
            }
        }
        return fresh;
    }

    private static byte[] root(TileAppender appender) {
        if (appender.size() == 0) {
            return Hashes.emptyRoot();
        }
        return TreeMath.root(appender.size())
                .resolve(new TileNodeSource(appender.tiles()))
                .getFirst();
    }

    private static void requirePrefix(Checkpoint signed, TileAppender appender) {
        byte[] recomputed = signed.size() == 0
                ? Hashes.emptyRoot()
                : TreeMath.root(signed.size())
                        .resolve(new TileNodeSource(appender.tiles()))
                        .getFirst();
        if (!MessageDigest.isEqual(recomputed, signed.rootHash())) {
            throw new InconsistentTreeException("the stored tiles no longer reproduce the signed root of size "
                    + signed.size() + "; refusing to sign");
        }
    }

    /** The tree in storage disagrees with what the log signed: nothing more is signed until an operator looks. */
    public static class InconsistentTreeException extends RuntimeException {
        public InconsistentTreeException(String message) {
            super(message);
        }
    }
}
