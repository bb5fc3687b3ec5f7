package io.photosync.account.config;

import io.photosync.common.dpop.DpopNonces;
import io.photosync.common.dpop.DpopVerifier;
import io.photosync.common.dpop.JdbcJtiReplayStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The shared DPoP verifier, wired to this service's database (jti store) and configuration. */
@ApplicationScoped
public class DpopProducers {
    private static final Logger LOG = Logger.getLogger(DpopProducers.class);

    @Inject
    AccountConfig config;

    @Inject
    JdbcJtiReplayStore jtiStore;

    private Optional<DpopNonces> nonces;

    @PostConstruct
    void init() {
        nonces = config.dpop().nonceRequired() ? Optional.of(newNonces()) : Optional.empty();
    }

    /** Server nonces, when {@code account.dpop.nonce-required}. */
    public Optional<DpopNonces> nonces() {
        return nonces;
    }

    private DpopNonces newNonces() {
        byte[] secret;
        if (config.dpop().nonceSecret().isPresent()) {
            secret = Base64.getDecoder().decode(config.dpop().nonceSecret().get());
        } else {
            LOG.warn("account.dpop.nonce-secret is not set: nonces are valid on this replica only");
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        }
        return new DpopNonces(secret, config.dpop().nonceSlot(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    DpopVerifier verifier() {
        return new DpopVerifier(config.dpop().iatWindow(), jtiStore, nonces, Clock.systemUTC());
    }
}
