package io.photosync.account.service;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.photosync.common.dpop.JdbcJtiReplayStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With the real Agroal pool: a proof id recorded inside a JTA transaction could be rolled back, so it is refused. */
@QuarkusTest
class JtiStoreTransactionTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void refusesToRecordInsideATransactionAndWorksOutside() {
        JdbcJtiReplayStore store = new JdbcJtiReplayStore(dataSource);
        String key = "test:" + UUID.randomUUID();
        assertThrows(
                IllegalStateException.class,
                () -> QuarkusTransaction.requiringNew()
                        .run(() -> store.firstUse(key, Instant.now().plusSeconds(60))));
        assertTrue(store.firstUse(key, Instant.now().plusSeconds(60)));
    }
}
