package io.photosync.sync.security;

import io.agroal.api.AgroalDataSource;
import io.photosync.common.dpop.JdbcJtiReplayStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Instant;

/**
 * DPoP proof ids are kept in this service's database, so every replica sees them (device-auth's
 * verifier uses this store).
 */
@ApplicationScoped
public class DpopSetup {

    @Produces
    @Singleton
    JdbcJtiReplayStore jtiStore(AgroalDataSource dataSource) {
        return new JdbcJtiReplayStore(dataSource);
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
