package io.photosync.audit.support;

import io.photosync.audit.provenance.EvidenceBuilder;
import io.photosync.audit.provenance.LeafReader;
import io.photosync.audit.provenance.LoggedEvent;
import io.photosync.audit.provenance.ProvenanceProjector;
import io.photosync.audit.provenance.ProvenanceReport;
import io.photosync.audit.provenance.ProvenanceRepository;
import io.photosync.audit.publishing.ProofService;
import io.photosync.audit.storage.LogReader;
import io.photosync.audit.storage.StoredCheckpoint;
import io.photosync.audit.storage.StoredEntry;
import io.photosync.common.event.EventField;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The owner's access log: the whole access chain of the account up to the latest signed checkpoint, each entry
 * rendered as an {@link AccessLine} and given as evidence, so the owner's cli verifies it offline and notices an
 * entry left out by a broken link.
 */
@ApplicationScoped
public class AccessLogService {
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

    Clock clock = Clock.systemUTC();

    public record AccessLog(ProvenanceReport.AsOf asOf, List<AccessLine> lines, ProvenanceReport.Evidence evidence) {}

    public AccessLog of(UUID accountId) {
        StoredCheckpoint checkpoint = proofs.latest();
        projector.catchUp();
        List<StoredEntry> entries = storage.entries(projection.accessChain(accountId, checkpoint.size()));
        List<AccessLine> lines = new ArrayList<>(entries.size());
        Map<Long, Set<String>> disclosed = new LinkedHashMap<>();
        for (StoredEntry entry : entries) {
            LoggedEvent event = LeafReader.read(entry.index(), entry.entry(), entry.disclosures());
            lines.add(AccessLine.of(event));
            disclosed.put(entry.index(), Set.of(EventField.TEXT.key()));
        }
        return new AccessLog(
                new ProvenanceReport.AsOf(checkpoint.size(), clock.instant()),
                lines,
                evidence.evidence(checkpoint, entries, disclosed));
    }
}
