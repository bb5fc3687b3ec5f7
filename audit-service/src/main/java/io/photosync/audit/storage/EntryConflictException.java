package io.photosync.audit.storage;

import java.util.List;
import java.util.UUID;

/** Some ids of a batch are already stored with different content; nothing of the batch was written. */
public class EntryConflictException extends Exception {
    private final List<UUID> ids;

    public EntryConflictException(List<UUID> ids) {
        super("already logged with different content: " + ids);
        this.ids = List.copyOf(ids);
    }

    public List<UUID> ids() {
        return ids;
    }
}
