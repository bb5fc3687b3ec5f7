package io.photosync.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "audit")
public interface AuditConfig {

    Log log();

    /** account-service's base URL: phones' tokens, their keys and the revocation feed come from it. */
    @WithDefault("http://localhost:8081")
    String accountUrl();

    Provenance provenance();

    /** Sources allowed to submit, by name (account-service, sync-service). */
    Map<String, Source> sources();

    interface Source {
        /** The source's public P-256 JWK as JSON; a source without a key cannot submit. */
        Optional<String> publicKey();
    }

    interface Provenance {
        /** account-service's public URL, the base of the links in a report's actions. */
        @WithDefault("http://localhost:8081")
        String accountUrl();

        /** Consecutive sign-ins farther apart than this speed allows are reported as IMPOSSIBLE_TRAVEL. */
        @WithDefault("1000")
        double impossibleTravelKmh();

        /** How often the projection follows new checkpoints (read by the scheduler expression of ProvenanceProjector). */
        @WithDefault("500ms")
        String projectEvery();
    }

    interface Log {
        /** Checkpoint origin line, also the signing key's name. */
        @WithDefault("photosync.local/audit-log")
        String origin();

        /** Signed-note signer key {@code PRIVATE+KEY+<origin>+<id>+<base64>}; absent: generated once and kept in the database. */
        Optional<String> privateKey();

        /** Most entries integrated under one checkpoint. */
        @WithDefault("5000")
        int batchLimit();

        /** How often the sequencer looks for pending entries when nobody wakes it. */
        @WithDefault("250ms")
        Duration sequencePeriod();

        /** How long a submission waits for its indices before answering 503 (its entries stay stored). */
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
