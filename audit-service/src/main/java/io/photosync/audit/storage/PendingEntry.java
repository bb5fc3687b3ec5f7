package io.photosync.audit.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored submission waiting for its index.
 *
 * @param entry its leaf, without the chain link until the sequencer adds it
 * @param chain the chain it belongs to, or null
 */
public record PendingEntry(UUID id, byte[] entry, Instant receivedAt, String chain) {
    public PendingEntry withEntry(byte[] linked) {
        return new PendingEntry(id, linked, receivedAt, chain);
    }
}
