package io.photosync.audit.sequencing;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.photosync.audit.config.AuditConfig;
import io.photosync.audit.log.Hashes;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.storage.LogStorage;
import io.photosync.audit.storage.PendingEntry;
import io.photosync.audit.storage.StoredCheckpoint;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs this replica's {@link Sequencer} on its own thread: woken by every submission and otherwise
 * every {@code audit.log.sequence-period}, it integrates batches until nothing is pending, so a new
 * checkpoint follows new entries well within a second. All submissions stored while a pass runs share
 * the next pass (group commit). A submission {@link #watch watches} its ids: the pass that sequences
 * them hands it their indices as soon as it commits, without a read back; ids sequenced elsewhere (an
 * earlier request, another replica) are looked up in storage once a round ends without them.
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
            try {
                Optional<Sequencer.Batch> batch;
                while (running && (batch = sequencer.integrateBatch()).isPresent()) {
                    record(batch.get());
                }
                lastFailure = null;
            } catch (RuntimeException e) {
                lastFailure = e.getMessage();
                LOG.errorf(e, "sequencing failed; entries stay pending");
            }
            finishRound();
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
