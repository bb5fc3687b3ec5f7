package io.photosync.sync.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Requests clean up their own received files; this removes what a crash or a killed connection left
 * in {@code incoming/}. Only files untouched for an hour go, so uploads in flight on other replicas
 * sharing the volume are never touched.
 */
@ApplicationScoped
public class IncomingSweeper {
    private static final Logger LOG = Logger.getLogger(IncomingSweeper.class);
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    @Inject
    PhotoStorage storage;

    @Scheduled(every = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Path incoming = storage.incomingDirectory();
        if (!Files.isDirectory(incoming)) {
            return;
        }
        Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(incoming)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                    LOG.infof("removed abandoned upload %s", file.getFileName());
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot sweep %s: %s", incoming, e.toString());
        }
    }
}
