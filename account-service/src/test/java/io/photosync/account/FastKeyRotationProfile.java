package io.photosync.account;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Keys rotate every 8 s, each published 4 s before it signs, checked every second. */
public class FastKeyRotationProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "account.keys.rotation-period",
                "PT8S",
                "account.keys.publish-ahead",
                "PT4S",
                "account.keys.check-every",
                "1s");
    }
}
