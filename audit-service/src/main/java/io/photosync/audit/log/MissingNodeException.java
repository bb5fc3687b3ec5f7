package io.photosync.audit.log;

/**
 * A node hash was asked for that the stored tiles cannot give: the tree is smaller than assumed, or storage lost data.
 */
public class MissingNodeException extends RuntimeException {
    public MissingNodeException(String message) {
        super(message);
    }
}
