package io.photosync.audit.entry;

import io.photosync.audit.log.Hashes;

import java.util.List;
import java.util.UUID;

/**
 * One submitted event turned into its leaf: the canonical entry bytes, the disclosures behind its
 * personal digests, and a hash of the event as submitted (salts excluded) that decides whether a
 * repeated id carries the same event.
 */
public record PreparedEntry(UUID id, byte[] contentHash, byte[] entry, List<Disclosure> disclosures) {
    public PreparedEntry {
        disclosures = List.copyOf(disclosures);
    }

    public byte[] leafHash() {
        return Hashes.leafHash(entry);
    }
}
