package io.photosync.audit.repository;

import java.time.Instant;
import java.util.UUID;

/** A stored submission waiting for its index. */
public record PendingEntry(UUID id, byte[] entry, Instant receivedAt) {
}
