package io.photosync.audit.sequencing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.photosync.audit.config.AuditConfig;
import io.photosync.audit.entry.EventValidator;
import io.photosync.audit.entry.LeafEncoder;
import io.photosync.audit.entry.PreparedEntry;
import io.photosync.audit.entry.ValidEvent;
import io.photosync.audit.storage.EntryConflictException;
import io.photosync.audit.storage.LogStorage;
import io.photosync.audit.storage.TokenReplayedException;
import io.photosync.audit.storage.TokenUse;
import io.photosync.common.event.EventSource;
import io.photosync.common.source.SourceTokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/log/entries}: validates the whole batch, hands it to the sequencer, which writes it durably
 * (idempotent on the event id) in its next pass, and answers once every entry of the batch has its index. A
 * request whose entries are not sequenced within {@code audit.log.submit-wait} gets 503 with Retry-After; what was
 * written stays, and the same batch sent again answers with the indices.
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

    public record Accepted(UUID id, long index, byte[] leafHash) {}

    /** @param use the source token's single use, spent with the entries; null for audit-service's own events */
    public List<Accepted> submit(JsonNode body, String source, TokenUse use) {
        List<ValidEvent> events;
        try {
            events = validator.validateBatch(body, source);
        } catch (EventValidator.InvalidEventException e) {
            throw new SubmissionRefused(SubmissionRefused.Reason.INVALID_EVENT, e.getMessage());
        }
        List<PreparedEntry> entries = events.stream().map(LeafEncoder::encode).toList();
        List<UUID> ids = entries.stream().map(PreparedEntry::id).toList();
        Instant deadline = Instant.now().plus(config.log().submitWait());
        // Watching before handing over: the pass that sequences the entries necessarily commits after this.
        try (SequencerLoop.Watch watch = sequencer.watch(ids)) {
            awaitWritten(sequencer.hand(entries, source, use), deadline);
            return awaitIndices(ids, watch, deadline);
        }
    }

    private void awaitWritten(CompletableFuture<Void> outcome, Instant deadline) {
        try {
            outcome.get(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            return;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EntryConflictException conflict) {
                throw new SubmissionRefused(
                        SubmissionRefused.Reason.ID_CONFLICT,
                        "these ids were logged before with different content: " + conflict.ids());
            }
            if (e.getCause() instanceof TokenReplayedException) {
                throw new SubmissionRefused(SubmissionRefused.Reason.UNAUTHENTICATED, SourceTokenVerifier.REPLAYED);
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            sequencer.withdraw(outcome);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new SubmissionRefused(
                SubmissionRefused.Reason.NOT_YET_SEQUENCED,
                "the events have no index yet; send the same batch again to learn their indices");
    }

    /**
     * Appends audit-service's own events (docs/SUPPORT.md), checked against the same contract as a source's, and
     * answers once they are sequenced under a signed checkpoint: 503 otherwise, and the caller must then not go on.
     */
    public List<Accepted> submitOwn(List<? extends JsonNode> events) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("events").addAll(events);
        return submit(body, EventSource.AUDIT_SERVICE.id(), null);
    }

    /**
     * Waits for this replica's passes to hand over the indices; ids they did not sequence (stored and sequenced
     * before, by an earlier request or another replica) are read from storage each time a round ends without them.
     */
    private List<Accepted> awaitIndices(List<UUID> ids, SequencerLoop.Watch watch, Instant deadline) {
        Map<UUID, LogStorage.Sequenced> done = new HashMap<>();
        try {
            long round = sequencer.rounds();
            long progress = sequencer.progress();
            sequencer.wake();
            while (true) {
                done.putAll(watch.done());
                if (done.size() < ids.size() && sequencer.rounds() > round) {
                    round = sequencer.rounds();
                    done.putAll(storage.sequenced(
                            ids.stream().filter(id -> !done.containsKey(id)).toList()));
                    sequencer.wake();
                }
                if (done.size() == ids.size()) {
                    return ids.stream()
                            .map(id -> new Accepted(
                                    id, done.get(id).index(), done.get(id).leafHash()))
                            .toList();
                }
                if (!Instant.now().isBefore(deadline)) {
                    break;
                }
                sequencer.awaitProgress(progress, deadline);
                progress = sequencer.progress();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new SubmissionRefused(
                SubmissionRefused.Reason.NOT_YET_SEQUENCED,
                "the events are stored durably but have no index yet; send the same batch again to learn their"
                        + " indices");
    }
}
