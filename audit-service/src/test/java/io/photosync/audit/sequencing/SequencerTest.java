package io.photosync.audit.sequencing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.photosync.audit.TestEvents;
import io.photosync.audit.entry.Chains;
import io.photosync.audit.entry.PreparedEntry;
import io.photosync.audit.log.ConsistencyProof;
import io.photosync.audit.log.IndependentVerifier;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.log.Tile;
import io.photosync.audit.log.TileId;
import io.photosync.audit.publishing.ProofService;
import io.photosync.audit.selfaudit.SelfAuditService;
import io.photosync.audit.storage.EntryConflictException;
import io.photosync.audit.storage.LogStorage;
import io.photosync.audit.storage.StoredCheckpoint;
import io.photosync.audit.storage.StoredEntry;
import io.photosync.audit.storage.TokenReplayedException;
import io.photosync.audit.storage.TokenUse;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Several sequencers on one database (this app's own loop among them), and a crash in the middle of a batch. */
@QuarkusTest
class SequencerTest {
    @Inject
    LogStorage storage;

    @Inject
    NoteKeys.Signer signer;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ProofService proofs;

    @Inject
    SelfAuditService audits;

    private List<UUID> storeEntries(int count) throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int stored = 0; stored < count; stored += 50) {
            List<PreparedEntry> batch = IntStream.range(0, Math.min(50, count - stored))
                    .mapToObj(i -> TestEvents.preparedEntry())
                    .toList();
            storage.store(batch, "sync-service", null);
            batch.forEach(e -> ids.add(e.id()));
        }
        return ids;
    }

    private long longQuery(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits for the app's own sequencer to finish its round and takes the lock. */
    private LogStorage.SequencingSession holdSequencingLock() {
        while (true) {
            Optional<LogStorage.SequencingSession> session = storage.beginSequencing();
            if (session.isPresent()) {
                return session.get();
            }
        }
    }

    /**
     * Stores entries while holding the sequencing lock, then lets two test sequencers (small batches) race
     * the app's own loop for them; returns the ids and adds every tree size the test's sequencers signed.
     */
    private List<UUID> raceTwoSequencers(int count, Set<Long> signedByTests) throws Exception {
        LogStorage.SequencingSession held = holdSequencingLock();
        List<UUID> ids = storeEntries(count);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<List<Long>>> sizes = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Sequencer sequencer = new Sequencer(storage, signer, 23);
            sizes.add(pool.submit(() -> {
                List<Long> signed = new ArrayList<>();
                while (storage.sequenced(ids).size() < ids.size()) {
                    sequencer
                            .integrate()
                            .batch()
                            .ifPresent(b -> signed.add(b.checkpoint().size()));
                }
                return signed;
            }));
        }
        // The test's sequencers are already trying when the lock is released.
        held.close();
        for (Future<List<Long>> f : sizes) {
            for (long size : f.get()) {
                assertTrue(signedByTests.add(size), "two sequencers signed tree size " + size);
            }
        }
        pool.shutdown();
        return ids;
    }

    @Test
    void twoSequencersAtOnceNeverFork() throws Exception {
        long before = storage.latestCheckpoint().orElseThrow().size();
        Set<Long> signedByTests = new HashSet<>();
        List<UUID> ids = new ArrayList<>();
        // The app's own loop (batches of up to 5000) can win a race outright; a few races make ours take part too.
        for (int race = 0; race < 5 && signedByTests.isEmpty(); race++) {
            ids.addAll(raceTwoSequencers(800, signedByTests));
        }
        assertFalse(signedByTests.isEmpty(), "the test's sequencers took part");

        Map<UUID, LogStorage.Sequenced> sequenced = storage.sequenced(ids);
        Set<Long> indices = new HashSet<>();
        sequenced.values().forEach(s -> indices.add(s.index()));
        assertEquals(ids.size(), indices.size(), "every entry has its own index");
        assertTrue(indices.stream().allMatch(i -> i >= before));
        assertEquals(
                longQuery("select count(*) from log_entry where idx is not null"),
                longQuery("select coalesce(max(idx) + 1, 0) from log_entry"),
                "indices are dense: no gap, no double");

        List<StoredCheckpoint> checkpoints = new ArrayList<>();
        storage.forEachCheckpoint(checkpoints::add);
        List<StoredCheckpoint> recent =
                checkpoints.stream().filter(c -> c.size() >= before).toList();
        for (int i = 1; i < recent.size(); i++) {
            StoredCheckpoint a = recent.get(i - 1);
            StoredCheckpoint b = recent.get(i);
            ConsistencyProof proof = proofs.consistency(a.size(), b.size());
            assertTrue(
                    IndependentVerifier.verifyConsistency(
                            a.size(),
                            b.size(),
                            a.checkpoint().rootHash(),
                            b.checkpoint().rootHash(),
                            proof.hashes()),
                    "checkpoints " + a.size() + " and " + b.size() + " are consistent");
        }
        assertTrue(audits.run().ok(), () -> audits.last().problems().toString());
    }

    @Test
    void whileAnotherReplicaHoldsTheLockASubmissionIsStoredAsPendingAndAnsweredOnceSequenced() throws Exception {
        UUID id = UUID.randomUUID();
        String pendingRows = "select count(*) from log_entry where idx is null and id = '" + id + "'";
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Long> answer;
        try (LogStorage.SequencingSession held = holdSequencingLock()) {
            answer = pool.submit(() -> TestEvents.submit(TestEvents.ACCOUNT, TestEvents.signInBatch(List.of(id)))
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getLong("entries[0].index"));
            long deadline = System.currentTimeMillis() + 5_000;
            while (longQuery(pendingRows) == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, longQuery(pendingRows), "stored as pending for the lock's holder");
            assertFalse(answer.isDone(), "not answered before it has an index");
        }
        long answered = answer.get();
        assertEquals(storage.sequenced(List.of(id)).get(id).index(), answered);
        pool.shutdown();
    }

    @Test
    void aCrashInTheMiddleOfABatchLosesAndDoublesNothing() throws Exception {
        LogStorage.SequencingSession crashing = crashBeforeCommit(holdSequencingLock());
        List<UUID> ids = storeEntries(120);
        Sequencer doomed = new Sequencer(delegateWith(crashing), signer, 1000);
        assertThrows(IllegalStateException.class, doomed::integrate);
        assertTrue(storage.sequenced(ids).isEmpty(), "the crashed batch left no index behind");
        assertTrue(storage.pendingCount() >= ids.size(), "the entries survive as pending");

        // The app's own sequencer (another "replica" after the restart) takes them over.
        long deadline = System.currentTimeMillis() + 10_000;
        while (storage.sequenced(ids).size() < ids.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(ids.size(), storage.sequenced(ids).size());
        assertEquals(
                longQuery("select count(*) from log_entry where idx is not null"),
                longQuery("select coalesce(max(idx) + 1, 0) from log_entry"));
        assertTrue(audits.run().ok(), () -> audits.last().problems().toString());
    }

    /**
     * The real session, failing where a process could die: after indices, tiles and the checkpoint are written, before
     * the commit.
     */
    private static LogStorage.SequencingSession crashBeforeCommit(LogStorage.SequencingSession real) {
        return new LogStorage.SequencingSession() {
            public Optional<StoredCheckpoint> latestCheckpoint() {
                return real.latestCheckpoint();
            }

            public Found read(Wanted wanted) {
                return real.read(wanted);
            }

            public Map<String, Chains.Head> chainHeads(Set<String> chains) {
                return real.chainHeads(chains);
            }

            public void write(Writes writes) {
                real.write(writes);
            }

            public void commit() {
                throw new IllegalStateException("process killed");
            }

            public void close() {
                real.close();
            }
        };
    }

    private LogStorage delegateWith(LogStorage.SequencingSession session) {
        LogStorage real = storage;
        return new LogStorage() {
            public void store(List<PreparedEntry> entries, String source, TokenUse use)
                    throws EntryConflictException, TokenReplayedException {
                real.store(entries, source, use);
            }

            public Map<UUID, Sequenced> sequenced(Collection<UUID> ids) {
                return real.sequenced(ids);
            }

            public long pendingCount() {
                return real.pendingCount();
            }

            public Optional<SequencingSession> beginSequencing() {
                return Optional.of(session);
            }

            public Optional<StoredCheckpoint> latestCheckpoint() {
                return real.latestCheckpoint();
            }

            public void forEachCheckpoint(Consumer<StoredCheckpoint> action) {
                real.forEachCheckpoint(action);
            }

            public Map<TileId, Tile> tiles(Set<TileId> ids) {
                return real.tiles(ids);
            }

            public void forEachTile(int level, Consumer<Tile> action) {
                real.forEachTile(level, action);
            }

            public List<byte[]> entries(long from, long to) {
                return real.entries(from, to);
            }

            public Optional<StoredEntry> entry(long index) {
                return real.entry(index);
            }

            public List<StoredEntry> entries(Collection<Long> indices) {
                return real.entries(indices);
            }

            public int eraseDisclosures(UUID entryId) {
                return real.eraseDisclosures(entryId);
            }

            public String signingKey(String name, String generated) {
                return real.signingKey(name, generated);
            }
        };
    }

    @Test
    void erasingDisclosuresChangesNoLeafAndNoProof() throws Exception {
        List<UUID> ids = storeEntries(1);
        long deadline = System.currentTimeMillis() + 10_000;
        while (storage.sequenced(ids).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        long index = storage.sequenced(ids).get(ids.getFirst()).index();
        StoredEntry before = storage.entry(index).orElseThrow();
        assertFalse(before.disclosures().isEmpty());
        assertEquals(1, storage.eraseDisclosures(ids.getFirst()));
        StoredEntry after = storage.entry(index).orElseThrow();
        assertTrue(after.disclosures().isEmpty());
        assertEquals(new String(before.entry()), new String(after.entry()));
        assertTrue(audits.run().ok(), () -> audits.last().problems().toString());
    }
}
