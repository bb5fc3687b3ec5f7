package io.photosync.common.source;

/** A submission whose source token was refused; the message says why (safe to show the caller). */
public class SourceAuthException extends Exception {
    public SourceAuthException(String message) {
        super(message);
    }
}
