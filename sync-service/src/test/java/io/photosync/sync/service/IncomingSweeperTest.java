package io.photosync.sync.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.testsupport.AccountServiceResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class IncomingSweeperTest {
    @Inject
    IncomingSweeper sweeper;

    @Inject
    PhotoStorage storage;

    @Test
    void removesAbandonedUploadsOnly() throws IOException {
        Path abandoned = Files.write(storage.incomingDirectory().resolve("abandoned-upload"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(
                abandoned,
                FileTime.from(
                        Instant.now().minus(IncomingSweeper.ABANDONED_AFTER).minusSeconds(60)));
        Path inFlight = Files.write(storage.incomingDirectory().resolve("in-flight-upload"), new byte[] {4, 5, 6});
        try {
            sweeper.sweep();
            assertFalse(Files.exists(abandoned));
            assertTrue(Files.exists(inFlight));
        } finally {
            Files.deleteIfExists(abandoned);
            Files.deleteIfExists(inFlight);
        }
    }
}
