package io.photosync.audit.storage;

import io.photosync.audit.entry.PreparedEntry;
import java.time.Instant;

/**
 * A submission's entry that the sequencer writes in its own transaction, index included.
 *
 * @param entry its final (linked) leaf and disclosures
 * @param source the source that submitted it
 * @param receivedAt when this replica received it
 */
public record NewEntry(PreparedEntry entry, String source, Instant receivedAt) {}
