package io.photosync.it;

import static io.restassured.RestAssured.given;

import io.photosync.testsupport.ServiceProcess;
import io.photosync.testsupport.StaffIdentityProvider;
import io.photosync.testsupport.TestGeoIp;
import io.photosync.testsupport.TestSourceKeys;
import java.nio.file.Path;
import java.util.Map;

/**
 * account-, sync- and audit-service as real processes against fresh databases {@code <prefix>_account},
 * {@code <prefix>_sync} and {@code <prefix>_audit}, the outbox relays carrying account- and sync-service's events into
 * audit-service's log. Both trust client IPs from a proxy at 127.0.0.1, so a test's phones sign in "from" places;
 * audit-service calls account-service's support API with test-support's TEST-ONLY audit-service key.
 */
final class Services implements AutoCloseable {
    static final String PASSWORD = "correct horse battery staple 42";
    private static final Path ACCOUNT_JAR =
            Path.of("..", "account-service", "target", "quarkus-app", "quarkus-run.jar");
    private static final Path SYNC_JAR = Path.of("..", "sync-service", "target", "quarkus-app", "quarkus-run.jar");
    private static final Map<String, String> BEHIND_A_PROXY = Map.of(
            "quarkus.http.proxy.proxy-address-forwarding", "true",
            "quarkus.http.proxy.allow-x-forwarded", "true",
            "quarkus.http.proxy.trusted-proxies", "127.0.0.1");

    final AuditServiceProcess audit;
    final ServiceProcess account;
    final ServiceProcess sync;

    private Services(AuditServiceProcess audit, ServiceProcess account, ServiceProcess sync) {
        this.audit = audit;
        this.account = account;
        this.sync = sync;
    }

    static Services start(String prefix) throws Exception {
        AuditServiceProcess.recreateDatabase(prefix + "_account");
        AuditServiceProcess.recreateDatabase(prefix + "_sync");
        AuditServiceProcess audit = new AuditServiceProcess(prefix + "_audit", "account-service", "sync-service");
        String auditUrl = audit.reserveAddress().toString();
        ServiceProcess.Builder accountBuilder = ServiceProcess.forJar(ACCOUNT_JAR)
                .name("account-service-" + prefix)
                .config("quarkus.datasource.jdbc.url", AuditServiceProcess.jdbcUrl(prefix + "_account"))
                .config("account.issuer", port -> "http://localhost:" + port)
                .config("account.geoip.database", TestGeoIp.database().toString())
                .config("account.support.audit-public-key", TestSourceKeys.publicJwk(TestSourceKeys.AUDIT_SERVICE))
                .config("photosync.outbox.audit-url", auditUrl)
                .config("photosync.outbox.source-key", audit.sourcePrivateJwk("account-service"));
        BEHIND_A_PROXY.forEach(accountBuilder::config);
        ServiceProcess account = accountBuilder.start();
        audit.config("audit.account-url", account.baseUrl())
                .config("audit.support.account-key", TestSourceKeys.privateJwk(TestSourceKeys.AUDIT_SERVICE))
                .config(
                        "audit.support.staff-oidc-url",
                        StaffIdentityProvider.realmUrl().toString())
                .config("quarkus.oidc.staff.credentials.secret", StaffIdentityProvider.CLIENT_SECRET)
                .start();
        ServiceProcess.Builder syncBuilder = ServiceProcess.forJar(SYNC_JAR)
                .name("sync-service-" + prefix)
                .config("quarkus.datasource.jdbc.url", AuditServiceProcess.jdbcUrl(prefix + "_sync"))
                .config("sync.account-url", account.baseUrl())
                .config("quarkus.oidc.auth-server-url", account.baseUrl())
                .config("photosync.device-auth.revocation.feed-url", account.baseUrl() + "/v1/revocations")
                .config(
                        "sync.storage.dir",
                        Path.of("target", prefix + "-photos").toAbsolutePath().toString())
                .config("photosync.outbox.audit-url", auditUrl)
                .config("photosync.outbox.source-key", audit.sourcePrivateJwk("sync-service"));
        BEHIND_A_PROXY.forEach(syncBuilder::config);
        return new Services(audit, account, syncBuilder.start());
    }

    void signUp(String login) {
        given().contentType("application/json")
                .body(Map.of("login", login, "password", PASSWORD, "displayName", login))
                .post(account.baseUrl() + "/v1/accounts")
                .then()
                .statusCode(201);
    }

    @Override
    public void close() {
        AuditServiceProcess.closeAll(sync, audit, account);
    }
}
