package io.photosync.account.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.photosync.common.dpop.JdbcJtiReplayStore;
import io.photosync.common.dpop.JtiReplayStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With the real Agroal pool: a proof id recorded inside a JTA transaction could be rolled back, so it is refused; the
 * store's in-the-caller's-transaction view (a refresh's) is the other way round, and its id goes with the transaction.
 */
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

    @Test
    void inTheCallersTransactionAnIdCommitsOrRollsBackWithIt() {
        JtiReplayStore store = new JdbcJtiReplayStore(dataSource).inCallersTransaction();
        String key = "test:" + UUID.randomUUID();
        Instant later = Instant.now().plusSeconds(60);
        assertThrows(IllegalStateException.class, () -> store.firstUse(key, later), "outside a transaction");
        assertThrows(
                IllegalStateException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    assertTrue(store.firstUse(key, later));
                    throw new IllegalStateException("the request's work fails");
                }));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> store.firstUse(key, later)), "rolled back: unspent");
        assertFalse(QuarkusTransaction.requiringNew().call(() -> store.firstUse(key, later)), "committed: spent");
        assertFalse(new JdbcJtiReplayStore(dataSource).firstUse(key, later));
    }
}
