package io.photosync.sync.service;

import io.photosync.common.outbox.LogEvent;
import io.photosync.common.outbox.PresentValues;
import io.photosync.common.outbox.OutboxWriter;
import io.photosync.sync.model.Capture;
import io.photosync.sync.model.Photo;
import io.photosync.deviceauth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The sync-service facts for the transparency log (docs/EVENTS.md), appended to the outbox inside
 * the caller's transaction. Absent values are left out, never written as null.
 */
@ApplicationScoped
public class PhotoEvents {
    static final String SOURCE = "sync-service";

    @Inject
    OutboxWriter outbox;

    public void uploaded(UUID eventId, Caller caller, Photo photo, UUID uploadId, boolean newPhoto, Instant at) {
        Capture capture = photo.capture();
        Map<String, Object> data = PresentValues.of(
                "uploadId", uploadId.toString(), "sha256", photo.sha256(), "bytes", photo.bytes(),
                "mediaType", photo.mediaType(),
                "captureTakenAt", capture.takenAt() == null ? null : capture.takenAt().toString(),
                "captureMake", capture.make(), "captureModel", capture.model(), "newPhoto", newPhoto);
        Map<String, Object> personal = PresentValues.of("ip", caller.ip(), "captureLat", capture.lat(), "captureLon", capture.lon());
        append(eventId, "PHOTO_UPLOADED", caller, photo, at, data, personal);
    }

    public void delivered(UUID eventId, Caller caller, Photo photo, long changeSeq, Instant at) {
        append(eventId, "PHOTO_DELIVERED", caller, photo, at,
                PresentValues.of("sha256", photo.sha256(), "changeSeq", changeSeq), PresentValues.of("ip", caller.ip()));
    }

    public void downloaded(UUID eventId, Caller caller, Photo photo, Instant at) {
        append(eventId, "PHOTO_DOWNLOADED", caller, photo, at, PresentValues.of("sha256", photo.sha256()), PresentValues.of("ip", caller.ip()));
    }

    public void deleted(UUID eventId, Caller caller, Photo photo, Instant at) {
        append(eventId, "PHOTO_DELETED", caller, photo, at, PresentValues.of("sha256", photo.sha256()), PresentValues.of("ip", caller.ip()));
    }

    private void append(UUID eventId, String type, Caller caller, Photo photo, Instant at,
                        Map<String, Object> data, Map<String, Object> personal) {
        outbox.append(new LogEvent(eventId, type, SOURCE, at, caller.accountId(), caller.deviceId(), caller.sessionId(),
                photo.id(), data, personal));
    }
}
