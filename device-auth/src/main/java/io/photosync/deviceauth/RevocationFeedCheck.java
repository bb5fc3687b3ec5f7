package io.photosync.deviceauth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the revocation feed is stale: device requests would be refused anyway. */
@Readiness
@ApplicationScoped
public class RevocationFeedCheck implements HealthCheck {
    @Inject
    RevokedSessions revokedSessions;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("revocation-feed")
                .status(revokedSessions.isFresh())
                .withData("lastRead", revokedSessions.lastSuccess().map(Object::toString).orElse("never"))
                .build();
    }
}
