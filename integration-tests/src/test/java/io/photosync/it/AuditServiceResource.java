package io.photosync.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
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
            ECKey sourceKey = new ECKeyGenerator(Curve.P_256).keyID(SOURCE).generate();
            audit = new AuditServiceProcess(DATABASE, Map.of(SOURCE, sourceKey.toPublicJWK().toJSONString()));
            audit.start();
            return Map.of(
                    "photosync.outbox.audit-url", audit.baseUri().toString(),
                    "photosync.outbox.source", SOURCE,
                    "photosync.outbox.source-key", sourceKey.toJSONString());
        } catch (JOSEException | RuntimeException e) {
            throw new IllegalStateException("cannot start audit-service: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start audit-service", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (audit != null) {
                audit.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
