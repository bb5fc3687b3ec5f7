package io.photosync.common.outbox;

import io.agroal.api.AgroalDataSource;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The alarm for evidence missing from the log: DOWN ("outbox: N events refused by the log") while any outbox
 * event the transparency log refused is set aside and no operator has dealt with it (sent it again, or
 * recorded why it stays out: migration {@code V100_4__outbox_set_aside_alarm.sql}). Read from the database on
 * every call, so it is the same on every replica and clears as soon as the operator acts.
 * <p>
 * A wellness check ({@code /q/health/well}, part of {@code /q/health}), deliberately not readiness or
 * liveness: the outbox is shared by all replicas, so a readiness check would take every replica out of
 * service at once (one refused event would stop all sign-ins and uploads, an outage an attacker could aim
 * for) and a liveness check would restart them in a loop, while neither helps the missing event. It is
 * meant for alerting, with the gauge {@code outbox_set_aside}.
 */
@Wellness
@ApplicationScoped
public class OutboxSetAsideCheck implements HealthCheck {
    static final String NAME = "outbox";
    private static final int MAX_REASON = 300;

    @Inject
    AgroalDataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        OutboxStore.SetAside s;
        try (Connection c = dataSource.getConnection()) {
            s = OutboxStore.setAside(c);
        } catch (SQLException e) {
            return response.down()
                    .withData("error", "cannot read the outbox: " + e.getMessage())
                    .build();
        }
        if (s.count() == 0) {
            return response.up().withData("setAside", 0L).build();
        }
        String reason = s.oldestReason() == null ? "" : s.oldestReason();
        return response.down()
                .withData("setAside", s.count())
                .withData("summary", s.count() + " events refused by the log, missing from it")
                .withData("oldestId", s.oldestId().toString())
                .withData("oldestSeq", s.oldestSeq())
                .withData("oldestType", s.oldestType())
                .withData(
                        "oldestReason", reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…")
                .withData(
                        "action",
                        "send it again (rejected_at = null) or record why it stays out (resolved_at, resolution)")
                .build();
    }
}
