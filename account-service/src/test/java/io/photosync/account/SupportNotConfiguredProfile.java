package io.photosync.account;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** No public key of audit-service: the support API cannot authenticate anyone. */
public class SupportNotConfiguredProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("account.support.audit-public-key", "");
    }
}
