package io.photosync.audit.storage;

import io.photosync.audit.log.Checkpoint;

/** A checkpoint as signed and stored: the parsed body and the whole signed note. */
public record StoredCheckpoint(Checkpoint checkpoint, String note) {
    public long size() {
        return checkpoint.size();
    }
}
