package io.photosync.testsupport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failure paths say what went wrong; the happy path is exercised by every test that starts a service. */
class ServiceProcessTest {
    @TempDir
    Path dir;

    @Test
    void aMissingJarSaysHowToBuildIt() {
        Path jar = dir.resolve("some-service/target/quarkus-app/quarkus-run.jar");
        IllegalStateException refused = assertThrows(
                IllegalStateException.class, () -> ServiceProcess.forJar(jar).start());
        assertTrue(refused.getMessage().contains("does not exist"), refused.getMessage());
        assertTrue(refused.getMessage().contains("-pl some-service"), refused.getMessage());
    }

    @Test
    void aProcessThatDiesReportsItsLog() throws IOException {
        Path jar = Files.createDirectories(dir.resolve("broken/target/quarkus-app"))
                .resolve("quarkus-run.jar");
        Files.writeString(jar, "not a jar");
        Path log = dir.resolve("broken.log");
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> ServiceProcess.forJar(jar).logFile(log).start());
        assertTrue(refused.getMessage().contains("broken exited with"), refused.getMessage());
        assertTrue(
                refused.getMessage().toLowerCase().contains("jar"),
                "the log tail is included: " + refused.getMessage());
    }
}
