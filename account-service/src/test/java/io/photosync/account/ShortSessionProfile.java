package io.photosync.account;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Sessions end 12 s after sign-in, long before an access token's 5 minutes. */
public class ShortSessionProfile implements QuarkusTestProfile {
    public static final long SESSION_SECONDS = 12;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("account.session.lifetime", "PT" + SESSION_SECONDS + "S");
    }
}
