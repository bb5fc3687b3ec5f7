package io.photosync.common.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** How a service's outbox reaches the transparency log: {@code photosync.outbox.*}, the defaults written here only. */
@ConfigMapping(prefix = "photosync.outbox")
public interface OutboxConfig {
    /** audit-service's base URL; without it the relay stays idle and events wait in the outbox. */
    Optional<URI> auditUrl();

    /**
     * This service's name as a log source ({@code account-service}, {@code sync-service}): the source token's iss/kid.
     */
    Optional<String> source();

    /** The source's private P-256 JWK (JSON), from a secret. */
    Optional<String> sourceKey();

    Relay relay();

    interface Relay {
        /** {@code false} switches the relay off (tests that drive it themselves). */
        @WithDefault("true")
        boolean enabled();

        /** Events per submission, 1..{@link AuditLogClient#MAX_EVENTS}. */
        @WithDefault("200")
        int batchSize();

        /** How often the relay looks for due events. */
        @WithDefault("1s")
        Duration every();

        /** The wait after a first failed submission; doubled on each further failure. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** The longest wait between tries. */
        @WithDefault("30s")
        Duration maxBackoff();

        /** How long one submission may take before it counts as failed. */
        @WithDefault("10s")
        Duration requestTimeout();
    }
}
