package io.photosync.account;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Forwarding on, trusting only a proxy that is not the test client: the client's X-Forwarded-* must not count. */
public class UntrustedPeerProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.enable-forwarded-host", "true",
                "quarkus.http.proxy.trusted-proxies", "192.0.2.10");
    }
}
