package io.photosync.audit.service;

import io.photosync.common.dpop.JdbcJtiReplayStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;

/** Forgets source-token ids once their tokens have expired: an expired token is refused anyway. */
@ApplicationScoped
public class SourceJtiPurge {
    @Inject
    JdbcJtiReplayStore jtiStore;

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        jtiStore.forgetExpired(Instant.now());
    }
}
