package io.photosync.sync.security;

import io.agroal.api.AgroalDataSource;
import io.photosync.common.dpop.DpopVerifier;
import io.photosync.common.dpop.JdbcJtiReplayStore;
import io.photosync.sync.config.SyncConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The DPoP checks quarkus-oidc leaves out ({@code iat} window, single-use {@code jti}) run on
 * common's verifier with proof ids kept in this service's database, so every replica sees them.
 */
@ApplicationScoped
public class DpopSetup {

    @Produces
    @Singleton
    JdbcJtiReplayStore jtiStore(AgroalDataSource dataSource) {
        return new JdbcJtiReplayStore(dataSource);
    }

    @Produces
    @Singleton
    DpopVerifier dpopVerifier(JdbcJtiReplayStore jtiStore, SyncConfig config) {
        return new DpopVerifier(config.dpop().iatWindow(), jtiStore, Optional.empty(), Clock.systemUTC());
    }

    /** Proof ids older than twice the {@code iat} window cannot be replayed anyway. */
    @ApplicationScoped
    static class ProofIdJanitor {
        @Inject
        JdbcJtiReplayStore jtiStore;

        @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
        void forgetExpiredProofIds() {
            jtiStore.forgetExpired(Instant.now());
        }
    }
}
