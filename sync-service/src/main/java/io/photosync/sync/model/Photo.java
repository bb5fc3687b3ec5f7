package io.photosync.sync.model;

import java.time.Instant;
import java.util.UUID;

/** One distinct content in one account; {@code deletedAt} set once the owner deleted it (tombstone). */
public record Photo(
        UUID id,
        UUID accountId,
        String sha256,
        long bytes,
        String mediaType,
        Capture capture,
        Instant createdAt,
        Instant deletedAt,
        String deletedByDevice,
        UUID deletedBySession) {

    public boolean deleted() {
        return deletedAt != null;
    }
}
