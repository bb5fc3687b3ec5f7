package io.photosync.audit.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.photosync.audit.config.AuditConfig;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.repository.LogStorage;
import io.photosync.audit.repository.PendingEntry;
import io.photosync.audit.repository.StoredCheckpoint;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Runs this replica's {@link Sequencer} on its own thread: woken by every submission and otherwise
 * every {@code audit.log.sequence-period}, it integrates batches until nothing is pending, so a new
 * checkpoint follows new entries well within a second. Submissions wait on {@link #awaitRound}.
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
    private long rounds;
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
                .publishPercentiles(0.5, 0.99).register(registry);
        batchSizes = DistributionSummary.builder("log.batch.entries").description("Entries integrated per checkpoint").register(registry);
        Gauge.builder("log.tree.size", storage, s -> s.latestCheckpoint().map(StoredCheckpoint::size).orElse(0L))
                .description("Tree size of the latest signed checkpoint").register(registry);
        Gauge.builder("log.pending.entries", storage, LogStorage::pendingCount)
                .description("Stored submissions not yet sequenced").register(registry);
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
        batchSizes.record(batch.entries().size());
        batch.entries().stream().map(PendingEntry::receivedAt).min(Comparator.naturalOrder())
                .ifPresent(oldest -> latency.record(Duration.between(oldest, Instant.now())));
    }

    private void finishRound() {
        synchronized (monitor) {
            rounds++;
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

    /** Rounds finished so far; pass it to {@link #awaitRound} to wait for the next. */
    public long rounds() {
        synchronized (monitor) {
            return rounds;
        }
    }

    /** Waits until a round after {@code seen} has finished, or the deadline passes. */
    public void awaitRound(long seen, Instant deadline) throws InterruptedException {
        synchronized (monitor) {
            while (rounds <= seen) {
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
