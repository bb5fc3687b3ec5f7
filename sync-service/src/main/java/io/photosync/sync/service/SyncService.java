package io.photosync.sync.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.photosync.deviceauth.Caller;
import io.photosync.sync.model.Change;
import io.photosync.sync.model.Photo;
import io.photosync.sync.repository.ChangeFeedRepository;
import io.photosync.sync.repository.PhotoRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Delta sync over the account's change feed, recording which device was handed which photo. */
@ApplicationScoped
public class SyncService {

    public record Page(List<Change> changes, String nextCursor) {}

    @Inject
    ChangeFeedRepository changeFeed;

    @Inject
    PhotoRepository photos;

    @Inject
    PhotoEvents events;

    @Inject
    MeterRegistry metrics;

    /**
     * The next page of changes. Building the answer and recording its deliveries share one
     * transaction: if a delivery cannot be recorded, no answer is given, so none is ever lost.
     * A device is not "delivered" its own uploads, and each session is recorded once per photo.
     */
    @Transactional
    public Page changes(Caller caller, long afterSeq, int limit) {
        List<Change> page = changeFeed.after(caller.accountId(), afterSeq, limit);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (Change change : page) {
            if (!Change.ADDED.equals(change.op()) || change.deviceId().equals(caller.deviceId())) {
                continue;
            }
            UUID eventId = UUID.randomUUID();
            if (changeFeed.recordDelivery(
                    UUID.randomUUID(),
                    caller.accountId(),
                    change,
                    caller.deviceId(),
                    caller.sessionId(),
                    now,
                    caller.ip(),
                    eventId)) {
                Photo photo = photos.find(caller.accountId(), change.photoId()).orElseThrow();
                events.delivered(eventId, caller, photo, change.seq(), now);
                metrics.counter("sync.deliveries").increment();
            }
        }
        long last = page.isEmpty() ? afterSeq : page.get(page.size() - 1).seq();
        return new Page(page, ChangeCursor.encode(last));
    }
}
