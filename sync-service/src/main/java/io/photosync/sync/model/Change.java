package io.photosync.sync.model;

import java.time.Instant;
import java.util.UUID;

/**
 * An entry of an account's change feed. {@code deviceId}/{@code sessionId} are who made the change:
 * the uploader for {@code added}, the deleting device for {@code deleted}.
 */
public record Change(
        long seq, String op, UUID photoId, String sha256, String deviceId, UUID sessionId, Instant changedAt) {
    public static final String ADDED = "added";
    public static final String DELETED = "deleted";
}
