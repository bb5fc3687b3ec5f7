package io.photosync.k8s;

/** A manifest the Kubernetes API server would refuse as malformed. */
final class InvalidManifestException extends RuntimeException {
    InvalidManifestException(String message) {
        super(message);
    }

    InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
