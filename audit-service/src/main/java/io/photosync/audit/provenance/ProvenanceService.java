package io.photosync.audit.provenance;

import io.photosync.audit.config.AuditConfig;
import io.photosync.audit.entry.Disclosure;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.provenance.ProvenanceReport.Evidence;
import io.photosync.audit.provenance.ProvenanceReport.EvidenceEntry;
import io.photosync.audit.repository.LogStorage;
import io.photosync.audit.repository.ProvenanceRepository;
import io.photosync.audit.repository.StoredCheckpoint;
import io.photosync.audit.repository.StoredEntry;
import io.photosync.audit.service.ProofService;
import io.photosync.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds provenance reports from the account's session chain and the photo's chain up to the latest
 * signed checkpoint (docs/EVENTS.md "Chains"), with every entry of both chains as evidence — its leaf,
 * inclusion proof against that checkpoint, and the disclosures of the personal values the report
 * shows — so the report verifies offline and an entry left out breaks a chain.
 */
@ApplicationScoped
public class ProvenanceService {
    @Inject
    LogStorage storage;
    @Inject
    ProvenanceRepository projection;
    @Inject
    ProvenanceProjector projector;
    @Inject
    ProofService proofs;
    @Inject
    NoteKeys.Signer signer;
    @Inject
    AuditConfig config;

    Clock clock = Clock.systemUTC();

    public ProvenanceReport report(UUID accountId, UUID photoId, String deviceId) {
        StoredCheckpoint checkpoint = proofs.latest();
        projector.catchUp();
        Map<Long, StoredEntry> stored = new LinkedHashMap<>();
        List<LoggedEvent> events = new ArrayList<>();
        for (StoredEntry entry : storage.entries(projection.chainEntries(accountId, photoId, checkpoint.size()))) {
            stored.put(entry.index(), entry);
            events.add(LeafReader.read(entry.index(), entry.entry(), entry.disclosures()));
        }
        if (events.stream().noneMatch(e -> e.is("PHOTO_UPLOADED") && photoId.equals(e.photoId()))) {
            throw ProblemException.notFound("no photo " + photoId + " on this account");
        }
        if (events.stream().noneMatch(e -> e.is("SIGN_IN") && deviceId.equals(e.deviceId()))) {
            throw ProblemException.notFound("no device " + deviceId + " has signed in to this account");
        }
        ProvenanceAnalyzer.Analysis analysis = new ProvenanceAnalyzer(config.provenance().impossibleTravelKmh(),
                config.provenance().accountUrl().orElse(config.accountUrl()))
                .analyze(photoId, deviceId, events, new ProvenanceReport.AsOf(checkpoint.size(), clock.instant()))
                .orElseThrow(() -> ProblemException.notFound("no provenance for photo " + photoId));
        List<EvidenceEntry> evidence = new ArrayList<>();
        stored.forEach((index, entry) -> evidence.add(
                evidenceEntry(entry, analysis.disclosed().getOrDefault(index, Set.of()), checkpoint.size())));
        return analysis.report().withEvidence(new Evidence(checkpoint.note(), signer.verifier().format(), evidence));
    }

    /**
     * The sequenced entry at {@code index} if it concerns {@code accountId}; otherwise 404, the same
     * answer as for an index never written, so a caller learns nothing of other accounts' entries.
     */
    public StoredEntry ownEntry(UUID accountId, long index) {
        long signed = proofs.latest().size();
        if (index < signed) {
            projector.catchUp();
        }
        return projection.accountOf(index).filter(accountId::equals)
                .flatMap(owner -> storage.entry(index))
                .orElseThrow(() -> ProblemException.notFound("no log entry " + index + " on this account"));
    }

    private EvidenceEntry evidenceEntry(StoredEntry entry, Set<String> fields, long treeSize) {
        Base64.Encoder base64 = Base64.getEncoder();
        List<String> proof = proofs.inclusion(entry.index(), treeSize).hashes().stream().map(base64::encodeToString).toList();
        List<ProvenanceReport.Disclosure> disclosures = new ArrayList<>();
        for (Disclosure d : entry.disclosures()) {
            if (fields.contains(d.field())) {
                disclosures.add(new ProvenanceReport.Disclosure(d.field(), d.salt(), LeafReader.parseDisclosedValue(d.valueJson())));
            }
        }
        return new EvidenceEntry(entry.index(), base64.encodeToString(entry.entry()), proof, disclosures);
    }
}
