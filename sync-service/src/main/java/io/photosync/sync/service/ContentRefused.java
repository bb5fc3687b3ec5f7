package io.photosync.sync.service;

/** A received file sync-service will not store: empty, too large, or not an image it reads. */
public class ContentRefused extends RuntimeException {
    public enum Reason {
        EMPTY,
        TOO_LARGE,
        UNSUPPORTED_TYPE
    }

    private final Reason reason;

    public ContentRefused(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
