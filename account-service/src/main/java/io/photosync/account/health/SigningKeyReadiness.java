package io.photosync.account.health;

import io.photosync.account.service.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until an access-token signing key is loaded: without it no sign-in can finish. */
@Readiness
@ApplicationScoped
public class SigningKeyReadiness implements HealthCheck {
    @Inject
    SigningKeys keys;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("signing-key").status(keys.ready()).build();
    }
}
