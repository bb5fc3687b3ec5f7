package io.photosync.audit.provenance;

/**
 * What was asked for (a photo, a device, a log entry) is not on the asking account, or does not exist: the same
 * answer for both, so a caller learns nothing of other accounts.
 */
public class NotOnThisAccount extends RuntimeException {
    public NotOnThisAccount(String detail) {
        super(detail, null, false, false);
    }
}
