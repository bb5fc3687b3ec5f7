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

    Download download();

    interface Storage {
        /** Root of the content-addressed store; a volume in Kubernetes. */
        @WithDefault("data/photos")
        Path dir();
    }

    interface Download {
        /**
         * A session fetching the same photo again within this time after its logged download is recorded (a
         * {@code photo_download} row) but not logged again: the log entry stands for that whole window, so repeated
         * downloads cannot grow the log without limit (issue 10).
         */
        @WithDefault("10m")
        Duration logWindow();
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
