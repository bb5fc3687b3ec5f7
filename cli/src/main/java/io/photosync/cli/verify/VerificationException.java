package io.photosync.cli.verify;

/** A check that did not hold; the message names the entry and the step that failed. */
public class VerificationException extends Exception {
    public VerificationException(String message) {
        super(message);
    }

    public VerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
