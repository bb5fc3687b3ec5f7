package io.photosync.sync.service;

import io.photosync.common.problem.ProblemException;
import io.photosync.deviceauth.Caller;
import io.photosync.sync.config.SyncConfig;
import io.photosync.sync.model.Capture;
import io.photosync.sync.model.Change;
import io.photosync.sync.model.LogStatus;
import io.photosync.sync.model.Photo;
import io.photosync.sync.model.Upload;
import io.photosync.sync.repository.ChangeFeedRepository;
import io.photosync.sync.repository.PhotoRepository;
import io.photosync.sync.repository.UploadRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Uploads, reads and deletes of one account's photos; every fact is recorded with its outbox event in one transaction.
 */
@ApplicationScoped
public class PhotoService {

    /** @param created whether this upload made the photo (re)appear in the library (201) rather than repeat it (200) */
    public record UploadResult(Photo photo, Upload upload, boolean created) {}

    public record PhotoDetails(Photo photo, List<Upload> uploads) {}

    @Inject
    PhotoRepository photos;

    @Inject
    UploadRepository uploads;

    @Inject
    ChangeFeedRepository changes;

    @Inject
    PhotoEvents events;

    @Inject
    PhotoStorage storage;

    @Inject
    SyncConfig config;

    /**
     * Records an upload of checked content that is already in the store. Concurrent uploads of the
     * same content to one account meet at the (account, sha256) unique constraint: exactly one
     * inserts the photo, the others wait for it and then add their upload record to that photo.
     */
    @Transactional
    public UploadResult recordUpload(Caller caller, PhotoStorage.Candidate content, Capture capture, String clientRef) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Photo fresh = new Photo(
                UUID.randomUUID(),
                caller.accountId(),
                content.sha256(),
                content.bytes(),
                content.type().mediaType(),
                capture,
                now,
                null,
                null,
                null);
        boolean newPhoto = photos.insertIfNew(fresh);
        Photo photo = newPhoto
                ? fresh
                : photos.findByContent(caller.accountId(), content.sha256())
                        .orElseThrow(() -> new IllegalStateException("photo vanished after a conflicting insert"));
        boolean revived = !newPhoto && photo.deleted() && photos.revive(photo.id());
        if (revived) {
            photo = photos.find(caller.accountId(), photo.id()).orElseThrow();
        }
        if (newPhoto || revived) {
            changes.append(caller.accountId(), photo.id(), Change.ADDED, caller.deviceId(), caller.sessionId(), now);
        }
        UUID eventId = UUID.randomUUID();
        Upload upload = new Upload(
                UUID.randomUUID(),
                photo.id(),
                caller.deviceId(),
                caller.sessionId(),
                now,
                caller.ip(),
                clientRef,
                newPhoto,
                eventId,
                LogStatus.of(null));
        uploads.insert(upload, caller.accountId());
        events.uploaded(eventId, caller, photo, upload.id(), newPhoto, now);
        return new UploadResult(photo, upload, newPhoto || revived);
    }

    @Transactional
    public PhotoDetails details(Caller caller, UUID photoId) {
        Photo photo = ownPhoto(caller, photoId);
        return new PhotoDetails(photo, uploads.history(photo.id()));
    }

    /**
     * Records the download and answers where the bytes are; a deleted photo's bytes are not served. Every download is a
     * row; it is logged unless the same session's logged download of the photo is younger than {@code
     * sync.download.log-window}, which it then shares (the photo row lock keeps two parallel ones from both logging).
     */
    @Transactional
    public Photo download(Caller caller, UUID photoId) {
        Photo photo = photos.findForUpdate(caller.accountId(), photoId)
                .orElseThrow(() -> ProblemException.notFound("no such photo"));
        if (photo.deleted()) {
            throw new ProblemException(410, "gone", "Gone", "the photo was deleted at " + photo.deletedAt());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Optional<UUID> logged = photos.loggedDownloadSince(
                photo.id(), caller.sessionId(), now.minus(config.download().logWindow()));
        UUID eventId = logged.orElseGet(UUID::randomUUID);
        photos.insertDownload(
                UUID.randomUUID(), photo, caller.deviceId(), caller.sessionId(), now, caller.ip(), eventId);
        if (logged.isEmpty()) {
            events.downloaded(eventId, caller, photo, now);
        }
        return photo;
    }

    public Path contentPath(Photo photo) {
        return storage.contentPath(photo.sha256());
    }

    /** Tombstones the photo and announces it in the change feed; deleting it again changes nothing. */
    @Transactional
    public void delete(Caller caller, UUID photoId) {
        Photo photo = photos.findForUpdate(caller.accountId(), photoId)
                .orElseThrow(() -> ProblemException.notFound("no such photo"));
        if (photo.deleted()) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        photos.markDeleted(photo.id(), caller.deviceId(), caller.sessionId(), now);
        changes.append(caller.accountId(), photo.id(), Change.DELETED, caller.deviceId(), caller.sessionId(), now);
        events.deleted(UUID.randomUUID(), caller, photo, now);
    }

    /** Another account's photo answers exactly like a photo that does not exist. */
    private Photo ownPhoto(Caller caller, UUID photoId) {
        return photos.find(caller.accountId(), photoId).orElseThrow(() -> ProblemException.notFound("no such photo"));
    }
}
