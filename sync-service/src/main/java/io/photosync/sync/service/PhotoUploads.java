package io.photosync.sync.service;

import io.photosync.deviceauth.Caller;
import io.photosync.sync.model.Capture;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;

/**
 * One upload from a received file to a recorded fact: the content is inspected, its capture metadata read within the
 * image budgets, the bytes moved to their content address, and the upload recorded (with its log event) by
 * {@link PhotoService} in one transaction.
 */
@ApplicationScoped
public class PhotoUploads {
    @Inject
    PhotoStorage storage;

    @Inject
    CaptureReader captureReader;

    @Inject
    PhotoService photos;

    /** @throws ContentRefused when the file is empty, too large or not a supported image (it is then deleted) */
    public PhotoService.UploadResult upload(Caller caller, Path received, String clientRef) {
        PhotoStorage.Candidate content = storage.inspect(received);
        Capture capture = captureReader.read(content.file(), content.type());
        storage.store(content);
        return photos.recordUpload(caller, content, capture, clientRef);
    }

    /** Removes a received file that was not stored (a refused or extra part); stored content is never touched. */
    public void discard(Path received) {
        storage.discard(received);
    }
}
