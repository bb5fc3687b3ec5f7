package io.photosync.audit.entry;

import java.util.List;
import java.util.UUID;

/**
 * One submitted event turned into its leaf: the canonical entry bytes, the disclosures behind its
 * personal digests, and a hash of the event as submitted (salts excluded) that decides whether a
 * repeated id carries the same event.
 *
 * @param entry the leaf without its chain link, which the sequencer adds
 * @param chain the chain the entry belongs to ({@link Chains}), or null
 */
public record PreparedEntry(UUID id, byte[] contentHash, byte[] entry, List<Disclosure> disclosures, String chain) {
    public PreparedEntry {
        disclosures = List.copyOf(disclosures);
    }

    public PreparedEntry withEntry(byte[] linked) {
        return new PreparedEntry(id, contentHash, linked, disclosures, chain);
    }
}
