package io.photosync.sync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;

@ConfigMapping(prefix = "sync")
public interface SyncConfig {

    /** account-service's base URL: token discovery/JWKS and the revocation feed are derived from it. */
    URI accountUrl();

    Storage storage();

    Upload upload();

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
}
