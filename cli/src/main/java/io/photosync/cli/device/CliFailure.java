package io.photosync.cli.device;

/** A problem on this side (missing key, no session yet, unreadable file): printed as is, exit 1. */
public class CliFailure extends RuntimeException {
    public CliFailure(String message) {
        super(message);
    }

    public CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
