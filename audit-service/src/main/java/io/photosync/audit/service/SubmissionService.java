package io.photosync.audit.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.photosync.audit.config.AuditConfig;
import io.photosync.audit.entry.EventTypes;
import io.photosync.audit.entry.EventValidator;
import io.photosync.audit.entry.LeafEncoder;
import io.photosync.audit.entry.PreparedEntry;
import io.photosync.audit.entry.ValidEvent;
import io.photosync.audit.repository.EntryConflictException;
import io.photosync.audit.repository.LogStorage;
import io.photosync.common.problem.Problem;
import io.photosync.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/log/entries}: validates the whole batch, stores it durably (idempotent on the
 * event id), wakes the sequencer and answers once every entry of the batch has its index. A request
 * whose entries are not sequenced within {@code audit.log.submit-wait} gets 503 with Retry-After;
 * its entries stay stored and the same batch sent again answers with their indices.
 */
@ApplicationScoped
public class SubmissionService {
    @Inject
    LogStorage storage;
    @Inject
    SequencerLoop sequencer;
    @Inject
    AuditConfig config;

    private final EventValidator validator = new EventValidator(Clock.systemUTC());

    public record Accepted(UUID id, long index, byte[] leafHash) {
    }

    public List<Accepted> submit(JsonNode body, String source) {
        List<ValidEvent> events;
        try {
            events = validator.validateBatch(body, source);
        } catch (EventValidator.InvalidEventException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        List<PreparedEntry> entries = events.stream().map(LeafEncoder::encode).toList();
        try {
            storage.store(entries, source);
        } catch (EntryConflictException e) {
            throw new ProblemException(409, "event-id-conflict", "Event id already logged with other content",
                    "these ids were logged before with different content: " + e.ids());
        }
        List<UUID> ids = entries.stream().map(PreparedEntry::id).toList();
        return awaitIndices(ids);
    }

    /**
     * Appends audit-service's own events (docs/SUPPORT.md), checked against the same contract as a source's, and
     * answers once they are sequenced under a signed checkpoint: 503 otherwise, and the caller must then not go on.
     */
    public List<Accepted> submitOwn(List<? extends JsonNode> events) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("events").addAll(events);
        return submit(body, EventTypes.AUDIT_SERVICE);
    }

    private List<Accepted> awaitIndices(List<UUID> ids) {
        Instant deadline = Instant.now().plus(config.log().submitWait());
        try {
            while (true) {
                long round = sequencer.rounds();
                sequencer.wake();
                Map<UUID, LogStorage.Sequenced> done = storage.sequenced(ids);
                if (done.size() == ids.size()) {
                    return ids.stream().map(id -> new Accepted(id, done.get(id).index(), done.get(id).leafHash())).toList();
                }
                if (!Instant.now().isBefore(deadline)) {
                    break;
                }
                sequencer.awaitRound(round, deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ProblemException(Problem.of(503, "not-yet-sequenced", "Stored, not yet sequenced",
                "the events are stored durably but have no index yet; send the same batch again to learn their indices"),
                Map.of("Retry-After", "1"));
    }
}
