package io.photosync.audit.storage;

/** The submission's source token was used before; nothing of the submission was written. */
public class TokenReplayedException extends Exception {
    public TokenReplayedException() {
        super("source token already used", null, false, false);
    }
}
