package io.photosync.deviceauth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** How a service authenticates phones with account-service's DPoP-bound access tokens. */
@ConfigMapping(prefix = "photosync.device-auth")
public interface DeviceAuthConfig {

    /**
     * Path prefixes that only phones may call (e.g. {@code /v1/}); everything else in the service is
     * left to its own authentication. Keep in step with the service's {@code quarkus.http.auth.permission}.
     */
    @WithDefault("/v1/")
    List<String> paths();

    /** Accepted distance between a proof's {@code iat} and our clock. */
    @WithDefault("PT60S")
    Duration iatWindow();

    Revocation revocation();

    /**
     * Whether a stale revocation feed makes the service not ready (build time, see
     * {@link RevocationFeedCheck}); declared here so the property is known.
     */
    @WithDefault("true")
    boolean readinessCheck();

    interface Revocation {
        /** account-service's revocation feed, {@code GET ...?since={cursor}}. */
        URI feedUrl();

        /**
         * When the last successful poll is older than this, device requests are refused (503): a
         * revoked session must stop working within 5 seconds, so we do not guess.
         */
        @WithDefault("PT5S")
        Duration maxStaleness();

        /** How long a revoked session id is kept: longer than any access token lives. */
        @WithDefault("PT10M")
        Duration retention();
    }

    default boolean covers(String path) {
        return paths().stream().anyMatch(path::startsWith);
    }
}
