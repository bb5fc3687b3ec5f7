package io.photosync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import io.photosync.cli.Main;
import io.photosync.testsupport.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cli's device simulator against the real account-service and sync-service (their packaged jars as
 * processes): two phones with their own keys, sign-up, DPoP sign-in, upload, delta sync to the other phone,
 * the session list, and a remote sign-out that stops the old phone.
 */
class DeviceCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple 42";
    private static ServiceProcess account;
    private static ServiceProcess sync;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServices() throws Exception {
        AuditServiceProcess.recreateDatabase("account_cli_test");
        AuditServiceProcess.recreateDatabase("sync_cli_test");
        account = ServiceProcess.forJar(Path.of("..", "account-service", "target", "quarkus-app", "quarkus-run.jar"))
                .name("account-service-cli")
                .config("quarkus.datasource.jdbc.url", AuditServiceProcess.jdbcUrl("account_cli_test"))
                .config("account.issuer", port -> "http://localhost:" + port)
                .start();
        sync = ServiceProcess.forJar(Path.of("..", "sync-service", "target", "quarkus-app", "quarkus-run.jar"))
                .name("sync-service-cli")
                .config("quarkus.datasource.jdbc.url", AuditServiceProcess.jdbcUrl("sync_cli_test"))
                .config("sync.account-url", account.baseUrl())
                .config("quarkus.oidc.auth-server-url", account.baseUrl())
                .config("photosync.device-auth.revocation.feed-url", account.baseUrl() + "/v1/revocations")
                .config("sync.storage.dir", Path.of("target", "cli-photos").toAbsolutePath().toString())
                .start();
    }

    @AfterAll
    static void stopServices() {
        if (sync != null) {
            sync.close();
        }
        if (account != null) {
            account.close();
        }
    }

    @Test
    void twoPhonesSignUpUploadSyncAndSignTheOtherOut() throws Exception {
        String login = "cli-" + System.nanoTime();
        Path oldPhone = dir.resolve("old-phone");
        Path newPhone = dir.resolve("new-phone");

        Run created = ok("device", "new", "--home", oldPhone.toString(), "--name", "Old phone", "--model", "Xiaomi 13");
        String oldDeviceId = ECKey.parse(JSON.readTree(oldPhone.resolve("device.json").toFile()).path("privateJwk").asText())
                .toPublicJWK().computeThumbprint().toString();
        assertTrue(created.out.contains(oldDeviceId), created.out);
        assertEquals(2, run("device", "new", "--home", oldPhone.toString()).exit, "a home holds one device");

        ok("signup", "--home", oldPhone.toString(), "--account-url", account.baseUrl(), "--login", login,
                "--password", PASSWORD, "--display-name", "Alice");
        assertEquals(1, run("signup", "--home", oldPhone.toString(), "--account-url", account.baseUrl(), "--login", login,
                "--password", PASSWORD, "--display-name", "Alice").exit, "the login is taken");
        assertEquals(1, run("login", "--home", oldPhone.toString(), "--account-url", account.baseUrl(), "--login", login,
                "--password", "wrong " + PASSWORD).exit, "a wrong password is refused");
        ok("login", "--home", oldPhone.toString(), "--account-url", account.baseUrl(), "--sync-url", sync.baseUrl(),
                "--login", login, "--password", PASSWORD, "--lat", "30.27", "--lon", "120.15");
        String oldSession = state(oldPhone).path("sessionId").asText();

        Path photo = Files.write(dir.resolve("IMG_0001.jpg"), jpeg());
        Run uploaded = ok("upload", "--home", oldPhone.toString(), photo.toString());
        JsonNode upload = JSON.readTree(uploaded.out.substring(uploaded.out.indexOf('{')));
        String photoId = upload.path("photoId").asText();
        assertEquals(oldDeviceId, upload.path("uploadedBy").path("deviceId").asText(), uploaded.out);
        assertEquals(oldSession, upload.path("uploadedBy").path("sessionId").asText(), uploaded.out);

        ok("device", "new", "--home", newPhone.toString(), "--name", "New phone");
        ok("login", "--home", newPhone.toString(), "--account-url", account.baseUrl(), "--sync-url", sync.baseUrl(),
                "--login", login, "--password", PASSWORD);
        Run synced = ok("sync", "--home", newPhone.toString());
        assertTrue(synced.out.contains(photoId), synced.out);
        String cursor = state(newPhone).path("cursor").asText();
        assertNotEquals("", cursor, "the cursor is kept for the next sync");
        Run again = ok("sync", "--home", newPhone.toString());
        assertTrue(!again.out.contains(photoId), "nothing new on the second sync: " + again.out);

        Run sessions = ok("sessions", "--home", newPhone.toString());
        assertTrue(sessions.out.contains(oldSession) && sessions.out.contains(state(newPhone).path("sessionId").asText()), sessions.out);

        ok("revoke", "--home", newPhone.toString(), oldSession);
        Instant deadline = Instant.now().plusSeconds(10);
        int exit;
        do {
            Thread.sleep(500);
            exit = run("upload", "--home", oldPhone.toString(), Files.write(dir.resolve("IMG_0002.jpg"), jpeg()).toString()).exit;
        } while (exit == 0 && Instant.now().isBefore(deadline));
        assertEquals(1, exit, "the signed-out phone can no longer upload");
    }

    private static JsonNode state(Path home) throws Exception {
        return JSON.readTree(home.resolve("device.json").toFile());
    }

    private static byte[] jpeg() throws Exception {
        Random random = new SecureRandom();
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 32; x++) {
            for (int y = 0; y < 24; y++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run ok(String... args) {
        Run r = run(args);
        assertEquals(0, r.exit, String.join(" ", args) + "\n" + r.out + r.err);
        return r;
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(out, err, args);
        return new Run(exit, out.toString(), err.toString());
    }
}
