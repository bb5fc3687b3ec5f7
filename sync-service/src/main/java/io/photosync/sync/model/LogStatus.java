package io.photosync.sync.model;

/**
 * Where a recorded fact stands with the transparency log: {@code pending} until the relay has
 * stored the index the log assigned on the fact's outbox row, then {@code logged} with that index.
 */
public record LogStatus(String status, Long index) {
    public static LogStatus of(Long logIndex) {
        return logIndex == null ? new LogStatus("pending", null) : new LogStatus("logged", logIndex);
    }
}
