package io.photosync.sync.service;

import static io.photosync.common.event.EventField.*;
import static io.photosync.common.event.EventType.*;

import io.photosync.common.event.EventFacts;
import io.photosync.common.outbox.LogEvent;
import io.photosync.common.outbox.OutboxWriter;
import io.photosync.deviceauth.Caller;
import io.photosync.sync.model.Capture;
import io.photosync.sync.model.Photo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/**
 * The sync-service facts for the transparency log (docs/EVENTS.md), appended to the outbox inside
 * the caller's transaction. Absent values are left out, never written as null.
 */
@ApplicationScoped
public class PhotoEvents {
    @Inject
    OutboxWriter outbox;

    public void uploaded(UUID eventId, Caller caller, Photo photo, UUID uploadId, boolean newPhoto, Instant at) {
        Capture capture = photo.capture();
        append(
                eventId,
                PHOTO_UPLOADED
                        .facts()
                        .put(UPLOAD_ID, uploadId.toString())
                        .put(SHA256, photo.sha256())
                        .put(BYTES, photo.bytes())
                        .put(MEDIA_TYPE, photo.mediaType())
                        .put(
                                CAPTURE_TAKEN_AT,
                                capture.takenAt() == null
                                        ? null
                                        : capture.takenAt().toString())
                        .put(CAPTURE_MAKE, capture.make())
                        .put(CAPTURE_MODEL, capture.model())
                        .put(NEW_PHOTO, newPhoto)
                        .put(IP, caller.ip())
                        .put(CAPTURE_LAT, capture.lat())
                        .put(CAPTURE_LON, capture.lon()),
                caller,
                photo,
                at);
    }

    public void delivered(UUID eventId, Caller caller, Photo photo, long changeSeq, Instant at) {
        append(
                eventId,
                PHOTO_DELIVERED
                        .facts()
                        .put(SHA256, photo.sha256())
                        .put(CHANGE_SEQ, changeSeq)
                        .put(IP, caller.ip()),
                caller,
                photo,
                at);
    }

    public void downloaded(UUID eventId, Caller caller, Photo photo, Instant at) {
        append(eventId, PHOTO_DOWNLOADED.facts().put(SHA256, photo.sha256()).put(IP, caller.ip()), caller, photo, at);
    }

    public void deleted(UUID eventId, Caller caller, Photo photo, Instant at) {
        append(eventId, PHOTO_DELETED.facts().put(SHA256, photo.sha256()).put(IP, caller.ip()), caller, photo, at);
    }

    private void append(UUID eventId, EventFacts facts, Caller caller, Photo photo, Instant at) {
        outbox.append(new LogEvent(
                eventId,
                facts.type().name(),
                facts.type().source().id(),
                at,
                caller.accountId(),
                caller.deviceId(),
                caller.sessionId(),
                photo.id(),
                facts.data(),
                facts.personal()));
    }
}
