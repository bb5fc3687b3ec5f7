package io.photosync.account;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** account-service behind a trusted proxy at 127.0.0.1: X-Forwarded-* from the test client count. */
public class TrustedProxyProfile implements QuarkusTestProfile {
    /** The proxies account-service trusts in this profile. */
    protected String trustedProxies() {
        return "127.0.0.1";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.enable-forwarded-host", "true",
                "quarkus.http.proxy.trusted-proxies", trustedProxies());
    }
}
