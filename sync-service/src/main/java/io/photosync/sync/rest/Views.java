package io.photosync.sync.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.photosync.sync.model.Capture;
import io.photosync.sync.model.Change;
import io.photosync.sync.model.LogStatus;
import io.photosync.sync.model.Photo;
import io.photosync.sync.model.Upload;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON bodies of the sync-service contract (docs/ARCHITECTURE.md), plus a few additive fields. */
final class Views {
    private Views() {}

    record DeviceRef(String deviceId, UUID sessionId) {}

    record UploadAnswer(
            UUID photoId,
            UUID uploadId,
            String sha256,
            long bytes,
            String mediaType,
            Instant uploadedAt,
            DeviceRef uploadedBy,
            Capture capture,
            LogStatus log) {
        static UploadAnswer of(Photo photo, Upload upload) {
            return new UploadAnswer(
                    photo.id(),
                    upload.id(),
                    photo.sha256(),
                    photo.bytes(),
                    photo.mediaType(),
                    upload.uploadedAt(),
                    new DeviceRef(upload.deviceId(), upload.sessionId()),
                    photo.capture(),
                    upload.log());
        }
    }

    record UploadEntry(
            UUID uploadId,
            Instant uploadedAt,
            DeviceRef uploadedBy,
            String ip,
            String clientRef,
            boolean newPhoto,
            LogStatus log) {
        static UploadEntry of(Upload upload) {
            return new UploadEntry(
                    upload.id(),
                    upload.uploadedAt(),
                    new DeviceRef(upload.deviceId(), upload.sessionId()),
                    upload.clientIp(),
                    upload.clientRef(),
                    upload.newPhoto(),
                    upload.log());
        }
    }

    record PhotoAnswer(
            UUID photoId,
            String sha256,
            long bytes,
            String mediaType,
            Capture capture,
            Instant createdAt,
            Instant deletedAt,
            DeviceRef deletedBy,
            List<UploadEntry> uploads) {
        static PhotoAnswer of(Photo photo, List<Upload> uploads) {
            return new PhotoAnswer(
                    photo.id(),
                    photo.sha256(),
                    photo.bytes(),
                    photo.mediaType(),
                    photo.capture(),
                    photo.createdAt(),
                    photo.deletedAt(),
                    photo.deleted() ? new DeviceRef(photo.deletedByDevice(), photo.deletedBySession()) : null,
                    uploads.stream().map(UploadEntry::of).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChangeEntry(
            long seq, String op, UUID photoId, String sha256, DeviceRef uploadedBy, DeviceRef deletedBy, Instant at) {
        static ChangeEntry of(Change change) {
            DeviceRef by = new DeviceRef(change.deviceId(), change.sessionId());
            boolean added = Change.ADDED.equals(change.op());
            return new ChangeEntry(
                    change.seq(),
                    change.op(),
                    change.photoId(),
                    change.sha256(),
                    added ? by : null,
                    added ? null : by,
                    change.changedAt());
        }
    }

    record ChangesAnswer(List<ChangeEntry> changes, String nextCursor) {}
}
