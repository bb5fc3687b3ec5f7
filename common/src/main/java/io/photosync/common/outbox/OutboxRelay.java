package io.photosync.common.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.photosync.common.jdbc.Transactions;
import io.photosync.common.source.SourceTokenSigner;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Relays the service's outbox to the transparency log: takes pending events strictly in {@code seq} order,
 * submits them in batches with a source token, and stores the acknowledged index and leaf hash back on
 * each row. A batch that is not acknowledged stays pending and is retried with exponential backoff, so an
 * audit-service outage delays events and never loses or reorders them. Since the log is idempotent on the
 * event id, a crash between submission and store-back only resends.
 * <p>
 * One relay runs at a time across replicas (a transaction-scoped advisory lock). Configured by
 * {@link OutboxConfig} ({@code photosync.outbox.*}): it runs once {@code audit-url} is set (then {@code source} and
 * {@code source-key}
 * are required); {@code photosync.outbox.relay.enabled=false} switches it off (for tests).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Batches per tick at most, so one tick cannot run unbounded while events keep arriving. */
    private static final int MAX_BATCHES_PER_TICK = 50;

    @Inject
    OutboxConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    MeterRegistry meterRegistry;

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong setAside = new AtomicLong();
    private volatile AuditLogClient client;

    void start(@Observes StartupEvent event) {
        Gauge.builder("outbox.backlog", backlog, AtomicLong::get)
                .description("outbox events not yet acknowledged by the transparency log")
                .register(meterRegistry);
        Gauge.builder("outbox.set_aside", setAside, AtomicLong::get)
                .description(
                        "outbox events the transparency log refused and no operator has dealt with (an alarm: never in"
                                + " normal operation)")
                .register(meterRegistry);
        if (!config.relay().enabled()) {
            LOG.info("outbox relay is switched off (photosync.outbox.relay.enabled=false)");
            return;
        }
        Optional<URI> auditUrl = config.auditUrl();
        if (auditUrl.isEmpty()) {
            // common is in every service, audit-service included, which has no log to relay to.
            LOG.warn("outbox relay is idle: photosync.outbox.audit-url is not set; events stay in the outbox");
            return;
        }
        if (config.source().isEmpty() || config.sourceKey().isEmpty()) {
            throw new IllegalStateException("the outbox relay to " + auditUrl.get() + " needs photosync.outbox.source"
                    + " and photosync.outbox.source-key (or photosync.outbox.relay.enabled=false)");
        }
        int batchSize = config.relay().batchSize();
        if (batchSize < 1 || batchSize > AuditLogClient.MAX_EVENTS) {
            throw new IllegalStateException(
                    "photosync.outbox.relay.batch-size must be 1.." + AuditLogClient.MAX_EVENTS);
        }
        client = new AuditLogClient(
                auditUrl.get(),
                new SourceTokenSigner(config.source().get(), config.sourceKey().get()),
                config.relay().requestTimeout(),
                objectMapper);
    }

    @Scheduled(
            identity = "outbox-relay",
            every = "${photosync.outbox.relay.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.relay().enabled()) {
            return;
        }
        if (client == null) {
            // idle, but the gauge still shows what is waiting
            refreshBacklog();
            return;
        }
        try {
            relayDue();
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay tick failed, will retry: %s", e.getMessage());
        }
    }

    /**
     * Submits due events until the backlog is empty, a batch is not acknowledged, or the tick's budget is
     * spent. Returns how many events the log acknowledged.
     */
    public int relayDue() {
        if (client == null) {
            throw new IllegalStateException("the outbox relay is off or has no photosync.outbox.audit-url");
        }
        int acknowledged = 0;
        try {
            for (int i = 0; i < MAX_BATCHES_PER_TICK; i++) {
                BatchResult r = relayOneBatch();
                acknowledged += r.acknowledged();
                if (!r.more()) {
                    break;
                }
            }
        } finally {
            refreshBacklog();
        }
        return acknowledged;
    }

    private record BatchResult(int acknowledged, boolean more) {}

    private BatchResult relayOneBatch() {
        return Transactions.inTransaction(dataSource, this::relayOneBatch);
    }

    private BatchResult relayOneBatch(Connection c) throws SQLException {
        if (!OutboxStore.tryLock(c)) {
            return new BatchResult(0, false);
        }
        List<OutboxStore.PendingRow> pending =
                OutboxStore.oldestPending(c, config.relay().batchSize());
        // The oldest event decides: nothing overtakes an event that is still backing off.
        if (pending.isEmpty() || !pending.get(0).due()) {
            return new BatchResult(0, false);
        }
        List<OutboxStore.PendingRow> batch = fitIntoOneRequest(pending);
        AuditLogClient.Outcome outcome = client.submit(batch);
        switch (outcome) {
            case AuditLogClient.Accepted a -> {
                OutboxStore.markSubmitted(c, a.acks());
                return new BatchResult(
                        batch.size(),
                        batch.size() < pending.size()
                                || pending.size() == config.relay().batchSize());
            }
            case AuditLogClient.Refused r -> {
                return new BatchResult(oneByOne(c, batch, r), true);
            }
            case AuditLogClient.Failed f -> {
                backOff(c, batch, f.reason());
                return new BatchResult(0, false);
            }
        }
    }

    /**
     * The log refused a batch as invalid, and wrote none of it: find the event(s) it refuses by sending one
     * at a time in order. A refused single event is set aside (rejected), the others go through.
     */
    private int oneByOne(Connection c, List<OutboxStore.PendingRow> batch, AuditLogClient.Refused batchRefusal)
            throws SQLException {
        if (batch.size() == 1) {
            reject(c, batch.get(0), batchRefusal);
            return 0;
        }
        int acknowledged = 0;
        for (int i = 0; i < batch.size(); i++) {
            OutboxStore.PendingRow row = batch.get(i);
            switch (client.submit(List.of(row))) {
                case AuditLogClient.Accepted a -> {
                    OutboxStore.markSubmitted(c, a.acks());
                    acknowledged++;
                }
                case AuditLogClient.Refused r -> reject(c, row, r);
                case AuditLogClient.Failed f -> {
                    backOff(c, batch.subList(i, batch.size()), f.reason());
                    return acknowledged;
                }
            }
        }
        return acknowledged;
    }

    /**
     * The alarm path, which never runs in normal operation since every source bounds its events to the log's
     * limits ({@link EventLimits}): the row is kept (never deleted), set aside so it cannot block the events
     * behind it, logged at ERROR, counted ({@code outbox.rejected}, gauge {@code outbox.set_aside}), and the
     * health check {@link OutboxSetAsideCheck} is DOWN until an operator deals with it.
     */
    private void reject(Connection c, OutboxStore.PendingRow row, AuditLogClient.Refused r) throws SQLException {
        LOG.errorf(
                "ALARM: the transparency log refused outbox event %s (seq %d) with %d: %s; it is set aside and missing"
                        + " from the log until an operator sends it again or records why it stays out"
                        + " (migration V100_4__outbox_set_aside_alarm.sql)",
                row.id(), row.seq(), r.status(), r.detail());
        OutboxStore.markRejected(c, row, "refused by audit-service with " + r.status() + ": " + r.detail());
        meterRegistry.counter("outbox.rejected").increment();
    }

    private void backOff(Connection c, List<OutboxStore.PendingRow> rows, String reason) throws SQLException {
        List<Long> delays = new ArrayList<>(rows.size());
        for (OutboxStore.PendingRow row : rows) {
            delays.add(backoffMillis(
                    row.attempts() + 1,
                    config.relay().initialBackoff(),
                    config.relay().maxBackoff()));
        }
        LOG.warnf(
                "outbox relay: %d events not acknowledged (%s); next try in %d ms", rows.size(), reason, delays.get(0));
        OutboxStore.markFailed(c, rows, delays, reason);
    }

    /** initial · 2^(attempts−1), capped at {@code max}. */
    static long backoffMillis(int attempts, Duration initial, Duration max) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        long millis = initial.toMillis() << doublings;
        return Math.min(millis <= 0 ? max.toMillis() : millis, max.toMillis());
    }

    /** The longest prefix of the pending rows whose request stays within audit-service's size limit. */
    static List<OutboxStore.PendingRow> fitIntoOneRequest(List<OutboxStore.PendingRow> pending) {
        List<Integer> sizes = new ArrayList<>();
        int n = 0;
        for (OutboxStore.PendingRow row : pending) {
            sizes.add(row.eventJson().getBytes(StandardCharsets.UTF_8).length);
            if (n > 0 && AuditLogClient.bodySize(sizes) > AuditLogClient.MAX_BODY_BYTES) {
                break;
            }
            n++;
        }
        // A single oversized event still goes alone: the log refuses it and the relay sets it aside.
        return pending.subList(0, Math.max(n, 1));
    }

    private void refreshBacklog() {
        try (Connection c = dataSource.getConnection()) {
            backlog.set(OutboxStore.backlog(c));
            setAside.set(OutboxStore.setAside(c).count());
        } catch (SQLException e) {
            LOG.warnf("cannot count the outbox backlog: %s", e.getMessage());
        }
    }
}
