package io.photosync.audit.selfaudit;

import io.photosync.audit.sequencing.SequencerLoop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN as soon as the self-audit finds a changed leaf or hash, naming where, and while sequencing fails;
 * UP while the first audit after start is still running (nothing is known to be wrong).
 */
@Readiness
@ApplicationScoped
public class SelfAuditHealthCheck implements HealthCheck {
    @Inject
    SelfAuditService audits;

    @Inject
    SequencerLoop sequencer;

    @Override
    public HealthCheckResponse call() {
        SelfAudit.Report report = audits.last();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("transparency-log");
        if (report == null) {
            response.up().withData("selfAudit", "first run in progress");
        } else {
            response.status(report.ok())
                    .withData("auditedAt", report.at().toString())
                    .withData("treeSize", report.treeSize())
                    .withData("checkpoints", report.checkpoints())
                    .withData("problems", report.problemCount());
            for (int i = 0; i < report.problems().size(); i++) {
                response.withData("problem" + (i + 1), report.problems().get(i));
            }
        }
        String failure = sequencer.lastFailure();
        if (failure != null) {
            response.down().withData("sequencerFailure", failure);
        }
        return response.build();
    }
}
