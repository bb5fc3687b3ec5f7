package io.photosync.audit.storage;

import io.photosync.audit.entry.Disclosure;
import java.util.List;
import java.util.UUID;

/** A sequenced entry with the disclosures still kept for it (none once erased). */
public record StoredEntry(long index, UUID id, byte[] entry, List<Disclosure> disclosures) {}
