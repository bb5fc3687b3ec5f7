package io.photosync.audit.provenance;

import static io.photosync.common.event.EventType.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.audit.config.AuditConfig;
import io.photosync.audit.publishing.ProofService;
import io.photosync.audit.storage.LogReader;
import io.photosync.audit.storage.StoredCheckpoint;
import io.photosync.audit.storage.StoredEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    LogReader storage;

    @Inject
    ProvenanceRepository projection;

    @Inject
    ProvenanceProjector projector;

    @Inject
    ProofService proofs;

    @Inject
    EvidenceBuilder evidence;

    @Inject
    AuditConfig config;

    @Inject
    ObjectMapper json;

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
        if (events.stream().noneMatch(e -> e.is(PHOTO_UPLOADED) && photoId.equals(e.photoId()))) {
            throw new NotOnThisAccount("no photo " + photoId + " on this account");
        }
        if (events.stream().noneMatch(e -> e.is(SIGN_IN) && deviceId.equals(e.deviceId()))) {
            throw new NotOnThisAccount("no device " + deviceId + " has signed in to this account");
        }
        ProvenanceAnalyzer.Analysis analysis = new ProvenanceAnalyzer(
                        config.provenance().impossibleTravelKmh(),
                        config.provenance().accountUrl().orElse(config.accountUrl()))
                .analyze(photoId, deviceId, events, new ProvenanceReport.AsOf(checkpoint.size(), clock.instant()))
                .orElseThrow(() -> new NotOnThisAccount("no provenance for photo " + photoId));
        return analysis.report()
                .withEvidence(evidence.evidence(checkpoint, List.copyOf(stored.values()), analysis.disclosed()));
    }

    /**
     * The sequenced entry at {@code index} if it concerns {@code accountId}, with the disclosures still kept;
     * otherwise {@link NotOnThisAccount}, the same answer as for an index never written, so a caller learns nothing
     * of other accounts' entries.
     */
    public OwnEntry ownEntry(UUID accountId, long index) {
        long signed = proofs.latest().size();
        if (index < signed) {
            projector.catchUp();
        }
        return projection
                .accountOf(index)
                .filter(accountId::equals)
                .flatMap(owner -> storage.entry(index))
                .map(entry -> OwnEntry.of(entry, json))
                .orElseThrow(() -> new NotOnThisAccount("no log entry " + index + " on this account"));
    }
}
