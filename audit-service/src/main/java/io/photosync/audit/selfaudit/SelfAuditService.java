package io.photosync.audit.selfaudit;

import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.storage.LogReader;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs the {@link SelfAudit} soon after start and every {@code audit.log.self-audit-every}; the health
 * check shows the last report. The first run is in the background: a large log must not keep a healthy
 * replica from starting (issue 10), and until it ends there is no known problem to report.
 */
@ApplicationScoped
public class SelfAuditService {
    private static final Logger LOG = Logger.getLogger(SelfAuditService.class);

    @Inject
    LogReader storage;

    @Inject
    NoteKeys.Signer signer;

    private volatile SelfAudit.Report last;

    void atStart(@Observes @Priority(1) StartupEvent event) {
        Thread.ofPlatform().name("self-audit-at-start").daemon().start(this::run);
    }

    @Scheduled(
            every = "${audit.log.self-audit-every:5m}",
            delayed = "${audit.log.self-audit-every:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }

    public synchronized SelfAudit.Report run() {
        SelfAudit.Report report;
        try {
            report = new SelfAudit(storage, signer.verifier()).run();
        } catch (RuntimeException e) {
            report = new SelfAudit.Report(
                    Instant.now(), 0, 0, List.of("self-audit could not run: " + e.getMessage()), 1);
        }
        if (!report.ok()) {
            LOG.errorf(
                    "self-audit found %d problem(s) in the transparency log: %s",
                    report.problemCount(), report.problems());
        }
        last = report;
        return report;
    }

    /** The last report, or null until the first run ends. */
    public SelfAudit.Report last() {
        return last;
    }
}
