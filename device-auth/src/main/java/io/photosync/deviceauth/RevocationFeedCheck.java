package io.photosync.deviceauth;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the revocation feed is stale, behind or refused (a page not signed by account-service, malformed
 * or going backwards): device requests would be refused anyway. A service
 * whose main callers are not phones (audit-service takes log submissions) switches it off at build
 * time with {@code photosync.device-auth.readiness-check=false}.
 */
@Readiness
@IfBuildProperty(name = "photosync.device-auth.readiness-check", stringValue = "true", enableIfMissing = true)
@ApplicationScoped
public class RevocationFeedCheck implements HealthCheck {
    @Inject
    RevokedSessions revokedSessions;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("revocation-feed")
                .status(revokedSessions.isFresh())
                .withData(
                        "lastRead",
                        revokedSessions.lastSuccess().map(Object::toString).orElse("never"))
                .withData("refused", revokedSessions.refusal().orElse("no"))
                .build();
    }
}
