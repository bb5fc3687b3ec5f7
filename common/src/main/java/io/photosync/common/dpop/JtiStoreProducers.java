package io.photosync.common.dpop;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * Every service keeps the ids of DPoP proofs (and audit-service those of source tokens) in its own
 * database, table {@code dpop_jti}, so every replica sees them; ids past their acceptance window
 * are forgotten, since such proofs and tokens are refused anyway.
 */
@ApplicationScoped
public class JtiStoreProducers {

    @Produces
    @Singleton
    JdbcJtiReplayStore jtiStore(AgroalDataSource dataSource) {
        return new JdbcJtiReplayStore(dataSource);
    }

    @ApplicationScoped
    static class ExpiredIdPurge {
        @Inject
        JdbcJtiReplayStore jtiStore;

        @Scheduled(every = "60s", delayed = "20s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
        void forgetExpired() {
            jtiStore.forgetExpired(Instant.now());
        }
    }
}
