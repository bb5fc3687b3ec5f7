package io.photosync.sync;

import io.photosync.testsupport.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the real account-service (its packaged jar, built in the same reactor before this module)
 * against the {@code account_e2e} database (or the one {@code SYNC_TEST_ACCOUNT_DB_URL} names), and
 * points sync-service's token verification and revocation feed at it. No token in these tests is made by anything but account-service.
 */
public class AccountServiceResource implements QuarkusTestResourceLifecycleManager {
    static final Path JAR = Path.of("../account-service/target/quarkus-app/quarkus-run.jar");
    static final String DATABASE_URL = System.getenv().getOrDefault("SYNC_TEST_ACCOUNT_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/account_e2e");

    private ServiceProcess accountService;

    @Override
    public Map<String, String> start() {
        accountService = ServiceProcess.forJar(JAR)
                .name("account-service")
                .config("quarkus.datasource.jdbc.url", DATABASE_URL)
                .config("account.issuer", port -> "http://localhost:" + port)
                .logFile(Path.of("target", "account-service-for-sync-tests.log"))
                .start();
        String url = accountService.baseUrl();
        return Map.of("sync.account-url", url,
                "quarkus.oidc.auth-server-url", url,
                "photosync.device-auth.revocation.feed-url", url + "/v1/revocations");
    }

    @Override
    public void stop() {
        if (accountService != null) {
            accountService.close();
        }
    }
}
