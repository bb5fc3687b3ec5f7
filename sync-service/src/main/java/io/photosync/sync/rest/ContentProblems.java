package io.photosync.sync.rest;

import io.photosync.common.problem.ProblemException;
import io.photosync.sync.service.ContentRefused;

/** How a refused upload reads over HTTP (docs/ARCHITECTURE.md: 413 too large, 415 not an image, 400 malformed). */
final class ContentProblems {
    private ContentProblems() {}

    static ProblemException of(ContentRefused refused) {
        return switch (refused.reason()) {
            case EMPTY -> ProblemException.badRequest(refused.getMessage());
            case TOO_LARGE -> new ProblemException(413, "too-large", "Content too large", refused.getMessage());
            case UNSUPPORTED_TYPE ->
                new ProblemException(415, "unsupported-media-type", "Unsupported media type", refused.getMessage());
        };
    }
}
