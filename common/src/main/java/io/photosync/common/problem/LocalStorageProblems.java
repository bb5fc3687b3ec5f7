package io.photosync.common.problem;

import java.nio.file.FileSystemException;

/**
 * A file the service could not write or read on its own disk (a full or read-only volume, an upload directory that
 * is not writable): a 500 for what it is, never a 400 blaming the request, and without the path, which tells a client
 * nothing it should know about the server.
 */
final class LocalStorageProblems {
    private LocalStorageProblems() {}

    static boolean isLocalStorageFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException || t instanceof io.vertx.core.file.FileSystemException) {
                return true;
            }
        }
        return false;
    }

    static Problem problem() {
        return Problem.of(
                500,
                "local-storage-failed",
                "Local storage failed",
                "the service could not use its local storage; the request was not at fault, try again later");
    }
}
