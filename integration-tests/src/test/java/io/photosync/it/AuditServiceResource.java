package io.photosync.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a real audit-service (own database {@value #DATABASE}) that trusts a fresh key of the source
 * {@value #SOURCE}, and points the relay of the test application at it with that key.
 */
public class AuditServiceResource implements QuarkusTestResourceLifecycleManager {
    static final String DATABASE = "audit_relay_test";
    static final String SOURCE = "account-service";
    /** The test application's own database, holding the outbox. */
    static final String RELAY_DATABASE = "relay_test";
    /** The running service, for tests that stop and restart it. */
    static volatile AuditServiceProcess audit;

    @Override
    public Map<String, String> start() {
        try {
            AuditServiceProcess.recreateDatabase(RELAY_DATABASE);
            audit = new AuditServiceProcess(DATABASE, SOURCE);
            audit.start();
            return Map.of(
                    "photosync.outbox.audit-url", audit.baseUri().toString(),
                    "photosync.outbox.source", SOURCE,
                    "photosync.outbox.source-key", audit.sourcePrivateJwk(SOURCE));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start audit-service", e);
        }
    }

    @Override
    public void stop() {
        if (audit != null) {
            audit.close();
        }
    }
}
