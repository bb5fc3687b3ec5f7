package io.photosync.sync.rest;

import io.photosync.common.problem.ProblemException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Photo ids in paths: only the canonical UUID form; anything else is simply not a photo here (404). */
final class PhotoIds {
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private PhotoIds() {}

    static UUID parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw ProblemException.notFound("no such photo");
        }
        return UUID.fromString(text);
    }
}
