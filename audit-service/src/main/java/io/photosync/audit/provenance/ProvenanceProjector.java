package io.photosync.audit.provenance;

import io.photosync.audit.provenance.ProvenanceRepository.ProjectedEntry;
import io.photosync.audit.storage.LogReader;
import io.photosync.audit.storage.StoredCheckpoint;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Follows the log's signed checkpoints and records which account and photo each new entry concerns. */
@ApplicationScoped
public class ProvenanceProjector {
    private static final int BATCH = 1000;

    @Inject
    LogReader storage;

    @Inject
    ProvenanceRepository projection;

    @Scheduled(
            every = "${audit.provenance.project-every:500ms}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void follow() {
        catchUp();
    }

    /**
     * Projects every entry of the latest signed checkpoint (whoever projects each batch); returns the projected size.
     */
    public long catchUp() {
        long signed = storage.latestCheckpoint().map(StoredCheckpoint::size).orElse(0L);
        long next = projection.nextIndex();
        while (next < signed) {
            long to = Math.min(signed, next + BATCH);
            List<byte[]> leaves = storage.entries(next, to);
            List<ProjectedEntry> batch = new ArrayList<>(leaves.size());
            for (int i = 0; i < leaves.size(); i++) {
                batch.add(LeafReader.project(next + i, leaves.get(i)));
            }
            if (batch.isEmpty()) {
                break;
            }
            // Another replica (or this one's schedule) moved the cursor first: go on from where it is, so a report
            // that asked to catch up never reads a projection short of the checkpoint.
            next = projection.append(next, batch) ? next + batch.size() : projection.nextIndex();
        }
        return next;
    }
}
