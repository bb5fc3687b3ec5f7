package io.photosync.sync.service;

import io.photosync.sync.config.SyncConfig;
import io.photosync.sync.model.ImageType;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content-addressed photo store under {@code sync.storage.dir}: the bytes of a photo live at
 * {@code ab/cd/<sha256>}. Uploads arrive as temporary files in {@code incoming/} on the same file
 * system (Quarkus streams multipart parts there), are hashed in one streaming pass and then
 * moved into place atomically, so a reader never sees a half-written photo.
 */
@ApplicationScoped
public class PhotoStorage {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int BUFFER = 64 * 1024;

    /** A received file that passed the content checks, not yet in the store. */
    public record Candidate(Path file, String sha256, long bytes, ImageType type) {}

    @Inject
    SyncConfig config;

    void createDirectories(@Observes StartupEvent start) throws IOException {
        Files.createDirectories(incomingDirectory());
    }

    public Path root() {
        return config.storage().dir().toAbsolutePath().normalize();
    }

    /** Where Quarkus writes multipart file parts ({@code quarkus.http.body.uploads-directory}). */
    public Path incomingDirectory() {
        return root().resolve("incoming");
    }

    /**
     * Checks a received file: not empty, within the size limit, a supported image by its leading
     * bytes; hashes it. On refusal the file is deleted and {@link ContentRefused} thrown.
     */
    public Candidate inspect(Path received) {
        try {
            long size = Files.size(received);
            if (size == 0) {
                throw new ContentRefused(ContentRefused.Reason.EMPTY, "the file is empty");
            }
            if (size > config.upload().maxBytes()) {
                throw new ContentRefused(
                        ContentRefused.Reason.TOO_LARGE,
                        "the file has " + size + " bytes; at most "
                                + config.upload().maxBytes() + " are accepted");
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] head = new byte[ImageType.HEAD_LENGTH];
            int headLength = 0;
            try (InputStream in = Files.newInputStream(received)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (headLength < head.length) {
                        int copy = Math.min(n, head.length - headLength);
                        System.arraycopy(buffer, 0, head, headLength, copy);
                        headLength += copy;
                    }
                    sha256.update(buffer, 0, n);
                }
            }
            Optional<ImageType> type = ImageType.detect(head, headLength);
            if (type.isEmpty()) {
                throw new ContentRefused(
                        ContentRefused.Reason.UNSUPPORTED_TYPE, "the content is not a JPEG, PNG, HEIC or WebP image");
            }
            return new Candidate(received, HexFormat.of().formatHex(sha256.digest()), size, type.get());
        } catch (ContentRefused e) {
            discard(received);
            throw e;
        } catch (IOException e) {
            discard(received);
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves the candidate to its content address; identical content already stored is kept as is. */
    public void store(Candidate candidate) {
        Path target = contentPath(candidate.sha256());
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                discard(candidate.file());
                return;
            }
            try {
                Files.move(candidate.file(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.exists(target)) {
                    throw e;
                }
                discard(candidate.file());
            }
        } catch (IOException e) {
            discard(candidate.file());
            throw new UncheckedIOException(e);
        }
    }

    public Path contentPath(String sha256) {
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
        return root().resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    public void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
