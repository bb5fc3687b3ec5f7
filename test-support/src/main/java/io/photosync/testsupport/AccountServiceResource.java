package io.photosync.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the real account-service (its packaged jar, built in the same reactor before the module under test, which
 * declares the dependency) against the {@code account_e2e} database (or {@code photosync.test.account-db-url}), and
 * points the tested service's token verification and revocation feed at it. No phone token in these tests is made
 * by anything but account-service. account-service accepts support calls signed by the test key of audit-service.
 */
public class AccountServiceResource implements QuarkusTestResourceLifecycleManager {
    /** The config property the tested service reads account-service's URL from (its %test profile maps it). */
    public static final String ACCOUNT_URL = "photosync.test.account-url";

    static final Path JAR = Path.of("../account-service/target/quarkus-app/quarkus-run.jar");
    /** Its database; {@code -Dphotosync.test.account-db-url=...} points it elsewhere (a private test database). */
    static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/account_e2e";

    private ServiceProcess accountService;

    /** The database the account-service of these tests uses. */
    public static String databaseUrl() {
        return System.getProperty("photosync.test.account-db-url", DEFAULT_DB_URL);
    }

    @Override
    public Map<String, String> start() {
        accountService = ServiceProcess.forJar(JAR)
                .name("account-service")
                .config("quarkus.datasource.jdbc.url", databaseUrl())
                .config("account.issuer", port -> "http://localhost:" + port)
                .config("account.support.audit-public-key", TestSourceKeys.publicJwk(TestSourceKeys.AUDIT_SERVICE))
                .logFile(Path.of("target", "account-service-for-tests.log"))
                .start();
        String url = accountService.baseUrl();
        return Map.of(
                ACCOUNT_URL,
                url,
                "quarkus.oidc.auth-server-url",
                url,
                "photosync.device-auth.revocation.feed-url",
                url + "/v1/revocations");
    }

    @Override
    public void stop() {
        if (accountService != null) {
            accountService.close();
        }
    }
}
