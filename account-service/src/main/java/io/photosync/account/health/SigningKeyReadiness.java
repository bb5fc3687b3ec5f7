package io.photosync.account.health;

import io.photosync.account.service.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until an access-token signing key is loaded (without it no sign-in can finish), nor while a stored key is
 * refused: an unreadable or unwrapped row is either a wrong wrapping key or tampering, and an operator must look.
 */
@Readiness
@ApplicationScoped
public class SigningKeyReadiness implements HealthCheck {
    @Inject
    SigningKeys keys;

    @Override
    public HealthCheckResponse call() {
        List<String> refused = keys.refusals();
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("signing-key").status(keys.ready() && refused.isEmpty());
        if (!refused.isEmpty()) {
            response.withData("refused", String.join("; ", refused));
        }
        return response.build();
    }
}
