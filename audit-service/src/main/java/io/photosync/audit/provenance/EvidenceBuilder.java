package io.photosync.audit.provenance;

import io.photosync.audit.entry.Disclosure;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.provenance.ProvenanceReport.Evidence;
import io.photosync.audit.provenance.ProvenanceReport.EvidenceEntry;
import io.photosync.audit.publishing.ProofService;
import io.photosync.audit.storage.StoredCheckpoint;
import io.photosync.audit.storage.StoredEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evidence of an answer built from log entries (a provenance report, an access log): each entry's leaf, its
 * inclusion proof against one signed checkpoint, and the disclosures of the personal values the answer reads.
 */
@ApplicationScoped
public class EvidenceBuilder {
    @Inject
    ProofService proofs;

    @Inject
    NoteKeys.Signer signer;

    /** @param disclosed per log index, the personal fields whose values the answer reads */
    public Evidence evidence(StoredCheckpoint checkpoint, List<StoredEntry> entries, Map<Long, Set<String>> disclosed) {
        List<EvidenceEntry> evidence = new ArrayList<>(entries.size());
        Map<Long, List<byte[]>> inclusion = entries.isEmpty()
                ? Map.of()
                : proofs.inclusions(entries.stream().map(StoredEntry::index).toList(), checkpoint.size());
        for (StoredEntry entry : entries) {
            evidence.add(entry(entry, disclosed.getOrDefault(entry.index(), Set.of()), inclusion.get(entry.index())));
        }
        return new Evidence(checkpoint.note(), signer.verifier().format(), evidence);
    }

    private EvidenceEntry entry(StoredEntry entry, Set<String> fields, List<byte[]> inclusion) {
        Base64.Encoder base64 = Base64.getEncoder();
        List<String> proof = inclusion.stream().map(base64::encodeToString).toList();
        List<ProvenanceReport.Disclosure> disclosures = new ArrayList<>();
        for (Disclosure d : entry.disclosures()) {
            if (fields.contains(d.field())) {
                disclosures.add(new ProvenanceReport.Disclosure(
                        d.field(), d.salt(), LeafReader.parseDisclosedValue(d.valueJson())));
            }
        }
        return new EvidenceEntry(entry.index(), base64.encodeToString(entry.entry()), proof, disclosures);
    }
}
