package io.photosync.audit.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.audit.entry.Disclosure;
import io.photosync.audit.log.Hashes;
import io.photosync.audit.storage.StoredEntry;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** One log entry as its owner reads it: the canonical leaf bytes, its hash, and the disclosures for its digests. */
public record OwnEntry(long index, UUID id, String leaf, String leafHash, List<DisclosureView> disclosures) {
    /** One kept disclosure; {@code value} is the clear value as JSON, whose digest the leaf holds. */
    public record DisclosureView(String field, String salt, JsonNode value) {}

    static OwnEntry of(StoredEntry entry, ObjectMapper json) {
        Base64.Encoder base64 = Base64.getEncoder();
        return new OwnEntry(
                entry.index(),
                entry.id(),
                base64.encodeToString(entry.entry()),
                base64.encodeToString(Hashes.leafHash(entry.entry())),
                entry.disclosures().stream().map(d -> view(d, json)).toList());
    }

    private static DisclosureView view(Disclosure disclosure, ObjectMapper json) {
        try {
            return new DisclosureView(disclosure.field(), disclosure.salt(), json.readTree(disclosure.valueJson()));
        } catch (JsonProcessingException e) {
            // Disclosures are canonical JSON written by this service; unreadable means the database was changed.
            throw new UncheckedIOException(e);
        }
    }
}
