package io.photosync.deviceauth;

import io.photosync.common.dpop.DpopVerifier;
import io.photosync.common.dpop.JdbcJtiReplayStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * The DPoP checks quarkus-oidc leaves out ({@code iat} window, single-use {@code jti}) run on
 * common's verifier, with proof ids in the service's own database (the service produces the
 * {@link JdbcJtiReplayStore}), so every replica sees them.
 */
@ApplicationScoped
public class DpopVerifierProducers {

    @Produces
    @Singleton
    DpopVerifier dpopVerifier(JdbcJtiReplayStore jtiStore, DeviceAuthConfig config) {
        return new DpopVerifier(config.iatWindow(), jtiStore, Optional.empty(), Clock.systemUTC());
    }
}
