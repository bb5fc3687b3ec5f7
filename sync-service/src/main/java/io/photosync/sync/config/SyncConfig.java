package io.photosync.sync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

@ConfigMapping(prefix = "sync")
public interface SyncConfig {

    /** account-service's base URL: token discovery/JWKS and the revocation feed are derived from it. */
    URI accountUrl();

    Storage storage();

    Upload upload();

    Revocation revocation();

    Dpop dpop();

    interface Storage {
        /** Root of the content-addressed store; a volume in Kubernetes. */
        @WithDefault("data/photos")
        Path dir();
    }

    interface Upload {
        /** Largest accepted file; larger ones get 413. */
        @WithDefault("52428800")
        long maxBytes();

        /** Longest accepted {@code clientRef}. */
        @WithDefault("200")
        int maxClientRefLength();
    }

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

    interface Dpop {
        /** Accepted distance between a proof's {@code iat} and our clock. */
        @WithDefault("PT60S")
        Duration iatWindow();
    }
}
