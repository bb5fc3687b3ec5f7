package io.photosync.audit.sequencing;

import io.photosync.audit.entry.Chains;
import io.photosync.audit.entry.LeafEncoder;
import io.photosync.audit.log.Checkpoint;
import io.photosync.audit.log.Hashes;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.log.TileAppender;
import io.photosync.audit.log.TileNodeSource;
import io.photosync.audit.log.TreeMath;
import io.photosync.audit.storage.LogWriter;
import io.photosync.audit.storage.PendingEntry;
import io.photosync.audit.storage.StoredCheckpoint;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Integrates pending entries into the tree, one batch per transaction: assigns the next indices,
 * links each entry on a chain to its chain's previous entry (docs/EVENTS.md "Chains"), grows the
 * tiles, and signs and stores a new checkpoint, all or nothing. Only the holder of the
 * storage's sequencing lock works, so any number of replicas may run one.
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

    /** What one call did: nothing (lock busy or nothing pending), or a new checkpoint. */
    public record Batch(StoredCheckpoint checkpoint, List<PendingEntry> entries) {}

    public Optional<Batch> integrateBatch() {
        Optional<LogWriter.SequencingSession> maybeSession = storage.beginSequencing();
        if (maybeSession.isEmpty()) {
            return Optional.empty();
        }
        try (LogWriter.SequencingSession session = maybeSession.get()) {
            Optional<StoredCheckpoint> latest = session.latestCheckpoint();
            List<PendingEntry> pending = session.pending(batchLimit);
            if (latest.isPresent() && pending.isEmpty()) {
                return Optional.empty();
            }
            long size = latest.map(StoredCheckpoint::size).orElse(0L);
            TileAppender appender = new TileAppender(size, session.tiles(TileAppender.rightEdge(size)));
            latest.ifPresent(l -> requirePrefix(l.checkpoint(), appender));
            Map<String, Chains.Head> heads = session.chainHeads(pending.stream()
                    .map(PendingEntry::chain)
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet()));
            Map<String, Chains.Head> moved = new HashMap<>();
            List<PendingEntry> linked = new ArrayList<>(pending.size());
            for (PendingEntry p : pending) {
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
            session.assign(linked, size);
            session.moveChainHeads(moved);
            session.writeTiles(appender.changedTiles());
            session.storeCheckpoint(signed);
            session.commit();
            return Optional.of(new Batch(signed, linked));
        }
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
