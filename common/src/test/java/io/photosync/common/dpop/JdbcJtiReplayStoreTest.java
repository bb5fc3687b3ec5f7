package io.photosync.common.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The shared jti store on a real PostgreSQL, in a schema of its own built by the shipped migration. */
class JdbcJtiReplayStoreTest {
    private static final String SCHEMA = "common_jti_store_test";
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void createSchema() throws Exception {
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(System.getProperty("test.db.url", "jdbc:postgresql://127.0.0.1:5432/account_test"));
        dataSource.setUser(System.getProperty("test.db.user", "postgres"));
        String migration;
        try (InputStream in = JdbcJtiReplayStore.class.getResourceAsStream("/db/common/V100_1__dpop_jti.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
            s.execute("create schema " + SCHEMA);
            s.execute("set search_path to " + SCHEMA);
            s.execute(migration);
        }
        dataSource.setCurrentSchema(SCHEMA);
    }

    @Test
    void firstUseOnlyOnce() {
        JdbcJtiReplayStore store = new JdbcJtiReplayStore(dataSource);
        String key = "jkt:" + UUID.randomUUID();
        Instant later = Instant.now().plusSeconds(120);
        assertTrue(store.firstUse(key, later));
        assertFalse(store.firstUse(key, later));
        // A second store over the same database, like another replica, sees it too.
        assertFalse(new JdbcJtiReplayStore(dataSource).firstUse(key, later));
    }

    @Test
    void exactlyOneOfManyConcurrentUsesWins() throws Exception {
        JdbcJtiReplayStore store = new JdbcJtiReplayStore(dataSource);
        String key = "jkt:" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                attempts.add(() -> store.firstUse(key, Instant.now().plusSeconds(120)));
            }
            int wins = 0;
            for (Future<Boolean> f : pool.invokeAll(attempts)) {
                wins += f.get() ? 1 : 0;
            }
            assertEquals(1, wins);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void forgetsOnlyExpiredIds() throws Exception {
        JdbcJtiReplayStore store = new JdbcJtiReplayStore(dataSource);
        Instant now = Instant.now();
        String old = "jkt:" + UUID.randomUUID();
        String fresh = "jkt:" + UUID.randomUUID();
        store.firstUse(old, now.minusSeconds(1));
        store.firstUse(fresh, now.plusSeconds(120));
        assertTrue(store.forgetExpired(now) >= 1);
        assertTrue(exists(fresh));
        assertFalse(exists(old));
        assertTrue(store.firstUse(old, now.plusSeconds(120)), "a forgotten id can be recorded again");
    }

    @Test
    void refusesToRunInsideATransaction() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            JdbcJtiReplayStore store = new JdbcJtiReplayStore(handingOut(c));
            assertThrows(IllegalStateException.class, () -> store.firstUse("jkt:" + UUID.randomUUID(), Instant.now()));
        }
    }

    @Test
    void inTheCallersTransactionAnIdCommitsOrRollsBackWithIt() throws Exception {
        String key = "jkt:" + UUID.randomUUID();
        Instant later = Instant.now().plusSeconds(120);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            JtiReplayStore store = new JdbcJtiReplayStore(handingOut(c)).inCallersTransaction();
            assertTrue(store.firstUse(key, later));
            assertFalse(store.firstUse(key, later), "seen again in the same transaction");
            c.rollback();
            assertFalse(exists(key), "a rolled-back transaction leaves no id behind");
            assertTrue(store.firstUse(key, later));
            c.commit();
        }
        assertTrue(exists(key));
        assertFalse(new JdbcJtiReplayStore(dataSource).firstUse(key, later));
    }

    @Test
    void inTheCallersTransactionASecondUseWaitsForTheFirstAndIsRefusedWhenItCommits() throws Exception {
        String key = "jkt:" + UUID.randomUUID();
        Instant later = Instant.now().plusSeconds(120);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection first = dataSource.getConnection();
                Connection second = dataSource.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            assertTrue(new JdbcJtiReplayStore(handingOut(first))
                    .inCallersTransaction()
                    .firstUse(key, later));
            Future<Boolean> other = pool.submit(() -> new JdbcJtiReplayStore(handingOut(second))
                    .inCallersTransaction()
                    .firstUse(key, later));
            Thread.sleep(300);
            assertFalse(other.isDone(), "the second use waits for the first's transaction");
            first.commit();
            assertFalse(other.get());
            second.rollback();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inTheCallersTransactionNeedsOne() {
        JtiReplayStore store = new JdbcJtiReplayStore(dataSource).inCallersTransaction();
        assertThrows(IllegalStateException.class, () -> store.firstUse("jkt:" + UUID.randomUUID(), Instant.now()));
    }

    /**
     * A DataSource that hands out {@code connection} (like a pool handing out a connection enlisted in a transaction).
     */
    private static DataSource handingOut(Connection connection) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getName().equals("close") ? null : method.invoke(connection, args));
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return unclosable;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static boolean exists(String key) throws Exception {
        try (Connection c = dataSource.getConnection();
                var ps = c.prepareStatement("select 1 from dpop_jti where jti_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
