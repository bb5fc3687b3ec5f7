package io.photosync.account;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

public class NonceRequiredProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "account.dpop.nonce-required",
                "true",
                "account.dpop.nonce-secret",
                "cGhvdG9zeW5jLXRlc3Qtbm9uY2Utc2VjcmV0LTMyLWJ5dGVz");
    }
}
