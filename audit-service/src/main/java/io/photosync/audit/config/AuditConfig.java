package io.photosync.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "audit")
public interface AuditConfig {

    Log log();

    /** account-service's base URL: phones' token discovery/JWKS and its revocation feed. */
    @WithDefault("http://localhost:8081")
    String accountUrl();

    Provenance provenance();

    interface Provenance {
        /** account-service's public URL, for the links (actions) in reports. */
        Optional<String> accountUrl();

        /** Sign-ins farther apart than this speed allows are flagged IMPOSSIBLE_TRAVEL (an airliner is ~900 km/h). */
        @WithDefault("1000")
        double impossibleTravelKmh();
    }

    Support support();

    /** Support cases and grants (docs/SUPPORT.md). */
    interface Support {
        /** How long an owner's grant lets agents see the account, from its approval. */
        @WithDefault("72h")
        Duration grantLifetime();

        /** A resolved case closes by itself this long after its resolution, and its grant ends. */
        @WithDefault("7d")
        Duration closeAfter();

        /**
         * audit-service's private P-256 JWK (JSON) for account-service's support API; without it agents read no
         * account data and sign nobody out (503).
         */
        Optional<String> accountKey();

        /**
         * The log key (signed-note verifier key {@code name+hex(id)+base64(0x01 ‖ key)}) the console's page checks
         * checkpoints against, pinned apart from the log so a log that swapped its key is noticed; absent: the log's
         * own key, and the page says so.
         */
        Optional<String> consoleLogKey();

        /**
         * The staff identity provider's issuer (an OIDC realm URL): both staff tenants and the console's CSP use it.
         */
        String staffOidcUrl();
    }

    /** Sources allowed to submit, by name (account-service, sync-service). */
    Map<String, Source> sources();

    interface Source {
        /** The source's public P-256 JWK as JSON; a source without a key cannot submit. */
        Optional<String> publicKey();
    }

    interface Log {
        /** Checkpoint origin line, also the signing key's name. */
        @WithDefault("photosync.local/audit-log")
        String origin();

        /**
         * Signed-note signer key {@code PRIVATE+KEY+<origin>+<id>+<base64>}. Required outside the dev and test
         * profiles;
         * absent in them: generated once and kept in the database.
         */
        Optional<String> privateKey();

        /**
         * Most pending entries integrated under one checkpoint; the submissions handed to this replica meanwhile come
         * on top, up to as many entries again.
         */
        @WithDefault("5000")
        int batchLimit();

        /** How often the sequencer looks for pending entries when nobody wakes it. */
        @WithDefault("250ms")
        Duration sequencePeriod();

        /** How long a submission waits for its indices before answering 503 (what was written stays). */
        @WithDefault("10s")
        Duration submitWait();

        /** Period of the scheduled self-audit (read by the scheduler expression of SelfAuditService). */
        @WithDefault("5m")
        String selfAuditEvery();

        /** Allowed clock difference for source tokens. */
        @WithDefault("30s")
        Duration clockSkew();
    }
}
