package io.photosync.cli.device;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read: the device key and the tokens. Created with mode 0600 from
 * the first byte (never chmod-ed after the fact) and replaced atomically, so a crash leaves the
 * old content or the new, never half of one.
 */
final class PrivateFiles {
    private static final boolean POSIX =
            Path.of(".").getFileSystem().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, attributes(OWNER_DIR));
        } catch (FileAlreadyExistsException raced) {
            // another process made it first: fine
        }
    }

    /** Writes a new file; refuses to overwrite one that exists. */
    static void create(Path file, byte[] content) throws IOException {
        createDirectories(file.toAbsolutePath().getParent());
        Path written = Files.createFile(file, attributes(OWNER_FILE));
        Files.write(written, content);
    }

    /** Writes or replaces a file atomically. */
    static void replace(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes(OWNER_FILE));
        try {
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }
}
