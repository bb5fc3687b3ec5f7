package io.photosync.sync.model;

import java.time.Instant;

/** What the camera wrote into the file (EXIF); every field may be absent. */
public record Capture(Instant takenAt, String make, String model, Double lat, Double lon) {
    public static final Capture NONE = new Capture(null, null, null, null, null);
}
