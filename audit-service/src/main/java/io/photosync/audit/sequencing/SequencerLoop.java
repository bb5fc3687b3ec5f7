package io.photosync.audit.sequencing;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.photosync.audit.config.AuditConfig;
import io.photosync.audit.entry.PreparedEntry;
import io.photosync.audit.log.Hashes;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.storage.EntryConflictException;
import io.photosync.audit.storage.LogStorage;
import io.photosync.audit.storage.PendingEntry;
import io.photosync.audit.storage.StoredCheckpoint;
import io.photosync.audit.storage.TokenReplayedException;
import io.photosync.audit.storage.TokenUse;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jboss.logging.Logger;

/**
 * Runs this replica's {@link Sequencer} on its own thread: woken by every submission and otherwise
 * every {@code audit.log.sequence-period}, it integrates batches until nothing is pending, so a new
 * checkpoint follows new entries well within a second. Submissions are {@link #hand handed} to it in
 * memory, and all those handed while a pass runs share the next pass (group commit): their entries are
 * written once, with their indices, in the pass's one transaction. When another replica holds the
 * sequencing lock, it stores them as pending for that replica instead. A submission {@link #watch
 * watches} its ids: the pass that sequences them hands it their indices as soon as it commits, without
 * a read back; ids sequenced elsewhere (an earlier request, another replica) are looked up in storage
 * once a round ends without them.
 */
@ApplicationScoped
public class SequencerLoop {
    private static final Logger LOG = Logger.getLogger(SequencerLoop.class);

    @Inject
    LogStorage storage;

    @Inject
    NoteKeys.Signer signer;

    @Inject
    AuditConfig config;

    @Inject
    MeterRegistry registry;

    private final Object monitor = new Object();
    /** Ids submissions wait for; only those of requests in flight, so it stays as small as the requests. */
    private final Map<UUID, CompletableFuture<LogStorage.Sequenced>> watched = new ConcurrentHashMap<>();
    /** Submissions handed over and not yet taken by a pass. */
    private final Queue<Handoff> handed = new ConcurrentLinkedQueue<>();

    /** A handed submission and its outcome: done once it is durably written (or refused with the reason). */
    private record Handoff(Sequencer.Handed submission, CompletableFuture<Void> outcome) {}

    private long rounds;
    private long progress;
    private boolean wakeRequested;
    private volatile boolean running;
    private volatile String lastFailure;
    private Thread thread;
    private Sequencer sequencer;
    private Timer latency;
    private DistributionSummary batchSizes;

    void start(@Observes StartupEvent event) {
        sequencer = new Sequencer(storage, signer, config.log().batchLimit());
        latency = Timer.builder("log.sequencing.latency")
                .description("Time from a submission being stored to its checkpoint being signed")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        batchSizes = DistributionSummary.builder("log.batch.entries")
                .description("Entries integrated per checkpoint")
                .register(registry);
        Gauge.builder(
                        "log.tree.size",
                        storage,
                        s -> s.latestCheckpoint().map(StoredCheckpoint::size).orElse(0L))
                .description("Tree size of the latest signed checkpoint")
                .register(registry);
        Gauge.builder("log.pending.entries", storage, LogStorage::pendingCount)
                .description("Stored submissions not yet sequenced")
                .register(registry);
        running = true;
        thread = Thread.ofPlatform().name("log-sequencer").daemon().start(this::loop);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake();
        if (thread != null) {
            thread.join(Duration.ofSeconds(5));
        }
    }

    private void loop() {
        while (running) {
            List<Handoff> taken = List.of();
            try {
                while (running) {
                    taken = take();
                    Sequencer.Pass pass = sequencer.integrate(
                            taken.stream().map(Handoff::submission).toList());
                    if (!pass.lockHeld()) {
                        break;
                    }
                    pass.batch().ifPresent(this::record);
                    settle(taken, pass.refusals());
                    taken = List.of();
                    // Another pass only for what may still wait: an empty one would hold up the next submission.
                    if (!pass.pendingLeft() && handed.isEmpty()) {
                        break;
                    }
                }
                lastFailure = null;
            } catch (RuntimeException e) {
                lastFailure = e.getMessage();
                LOG.errorf(e, "sequencing failed; entries stay pending");
            }
            storeAside(taken);
            finishRound();
        }
        for (List<Handoff> rest = take(); !rest.isEmpty(); rest = take()) {
            storeAside(rest);
        }
    }

    /** Handed submissions for one pass: all waiting, up to the batch limit's worth of entries (at least one). */
    private List<Handoff> take() {
        List<Handoff> taken = new ArrayList<>();
        int entries = 0;
        Handoff next;
        while (entries < config.log().batchLimit() && (next = handed.poll()) != null) {
            taken.add(next);
            entries += next.submission().entries().size();
        }
        return taken;
    }

    private static void settle(List<Handoff> taken, List<Exception> refusals) {
        for (int i = 0; i < taken.size(); i++) {
            if (refusals.get(i) == null) {
                taken.get(i).outcome().complete(null);
            } else {
                taken.get(i).outcome().completeExceptionally(refusals.get(i));
            }
        }
    }

    /**
     * Stores submissions a pass did not write (another replica holds the lock, or the pass failed) as pending, each
     * in its own transaction, so that whichever sequencer runs next takes them.
     */
    private void storeAside(List<Handoff> submissions) {
        for (Handoff h : submissions) {
            try {
                storage.store(
                        h.submission().entries(),
                        h.submission().source(),
                        h.submission().use());
                h.outcome().complete(null);
            } catch (EntryConflictException | TokenReplayedException | RuntimeException e) {
                h.outcome().completeExceptionally(e);
            }
        }
    }

    private void record(Sequencer.Batch batch) {
        long first = batch.checkpoint().size() - batch.entries().size();
        boolean handed = false;
        for (int i = 0; i < batch.entries().size(); i++) {
            PendingEntry entry = batch.entries().get(i);
            CompletableFuture<LogStorage.Sequenced> waiter = watched.get(entry.id());
            if (waiter != null) {
                waiter.complete(new LogStorage.Sequenced(first + i, Hashes.leafHash(entry.entry())));
                handed = true;
            }
        }
        if (handed) {
            synchronized (monitor) {
                progress++;
                monitor.notifyAll();
            }
        }
        batchSizes.record(batch.entries().size());
        batch.entries().stream()
                .map(PendingEntry::receivedAt)
                .min(Comparator.naturalOrder())
                .ifPresent(oldest -> latency.record(Duration.between(oldest, Instant.now())));
    }

    private void finishRound() {
        synchronized (monitor) {
            rounds++;
            progress++;
            monitor.notifyAll();
            if (!wakeRequested && running) {
                try {
                    monitor.wait(config.log().sequencePeriod().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            wakeRequested = false;
        }
    }

    /**
     * Hands a validated submission to the next pass; the outcome completes once its entries are durably written
     * (sequenced, or stored as pending) with the token's use ({@code use}, null for audit-service's own events), or
     * fails with {@link EntryConflictException}, {@link TokenReplayedException} or the storage's failure.
     */
    public CompletableFuture<Void> hand(List<PreparedEntry> entries, String source, TokenUse use) {
        Handoff handoff =
                new Handoff(new Sequencer.Handed(entries, source, Instant.now(), use), new CompletableFuture<>());
        handed.add(handoff);
        wake();
        return handoff.outcome();
    }

    /** Takes back a handed submission that no pass has taken yet; false if one has (its outcome will tell). */
    public boolean withdraw(CompletableFuture<Void> outcome) {
        return handed.removeIf(h -> h.outcome() == outcome);
    }

    /** Asks for a sequencing round now. */
    public void wake() {
        synchronized (monitor) {
            wakeRequested = true;
            monitor.notifyAll();
        }
    }

    /** Rounds finished so far: one that ends after a submission began without its ids sends it to storage. */
    public long rounds() {
        synchronized (monitor) {
            return rounds;
        }
    }

    /** Indices of {@code ids} as the passes of this replica sequence them; {@link Watch#close} when done. */
    public Watch watch(Collection<UUID> ids) {
        Map<UUID, CompletableFuture<LogStorage.Sequenced>> mine = new HashMap<>();
        for (UUID id : ids) {
            mine.put(id, watched.computeIfAbsent(id, k -> new CompletableFuture<>()));
        }
        return new Watch(mine);
    }

    public final class Watch implements AutoCloseable {
        private final Map<UUID, CompletableFuture<LogStorage.Sequenced>> futures;

        private Watch(Map<UUID, CompletableFuture<LogStorage.Sequenced>> futures) {
            this.futures = futures;
        }

        /** Those ids this replica has sequenced since the watch began. */
        public Map<UUID, LogStorage.Sequenced> done() {
            Map<UUID, LogStorage.Sequenced> done = new HashMap<>();
            futures.forEach((id, f) -> {
                if (f.isDone()) {
                    done.put(id, f.join());
                }
            });
            return done;
        }

        @Override
        public void close() {
            futures.forEach(watched::remove);
        }
    }

    /** Batches handed out plus rounds finished: what {@link #awaitProgress} waits to change. */
    public long progress() {
        synchronized (monitor) {
            return progress;
        }
    }

    /** Waits until a batch was handed to watchers or a round finished after {@code seen}, or the deadline passes. */
    public void awaitProgress(long seen, Instant deadline) throws InterruptedException {
        synchronized (monitor) {
            while (progress <= seen) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    return;
                }
                monitor.wait(left);
            }
        }
    }

    /** Why the last round failed, or null. */
    public String lastFailure() {
        return lastFailure;
    }
}
