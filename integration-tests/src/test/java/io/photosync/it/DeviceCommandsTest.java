package io.photosync.it;

import static io.photosync.it.CliRun.ok;
import static io.photosync.it.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import io.photosync.testsupport.ServiceProcess;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                .config(
                        "sync.storage.dir",
                        Path.of("target", "cli-photos").toAbsolutePath().toString())
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
        Path home = dir.resolve("home");

        CliRun created = ok(phone(
                "old-phone", "device", "new", "--name", "Old phone", "--model", "Xiaomi 13", "--os", "Android 14"));
        String oldDeviceId = ECKey.parse(
                        Files.readString(home.resolve("old-phone").resolve("device-key.jwk")))
                .toPublicJWK()
                .computeThumbprint()
                .toString();
        assertTrue(created.out().contains(oldDeviceId), created.out());
        assertEquals(
                2,
                run(phone("old-phone", "device", "new", "--name", "Old phone")).exit(),
                "a device name holds one key");

        ok(phone("old-phone", "signup", login, "--password", PASSWORD, "--display-name", "Alice"));
        assertEquals(
                1,
                run(phone("old-phone", "signup", login, "--password", PASSWORD, "--display-name", "Alice"))
                        .exit(),
                "the login is taken");
        assertEquals(
                1,
                run(phone("old-phone", "login", login, "--password", "wrong " + PASSWORD))
                        .exit(),
                "a wrong password is refused");
        ok(phone("old-phone", "login", login, "--password", PASSWORD, "--lat", "30.27", "--lon", "120.15"));
        String oldSession = state(home, "old-phone").path("sessionId").asText();

        Path photo = Files.write(dir.resolve("IMG_0001.jpg"), jpeg());
        CliRun uploaded = ok(phone("old-phone", "upload", "--json", photo.toString()));
        JsonNode upload = JSON.readTree(uploaded.out());
        String photoId = upload.path("photoId").asText();
        assertEquals(oldDeviceId, upload.path("uploadedBy").path("deviceId").asText(), uploaded.out());
        assertEquals(oldSession, upload.path("uploadedBy").path("sessionId").asText(), uploaded.out());

        ok(phone("new-phone", "device", "new", "--name", "New phone"));
        ok(phone("new-phone", "login", login, "--password", PASSWORD));
        CliRun synced = ok(phone("new-phone", "sync"));
        assertTrue(synced.out().contains(photoId), synced.out());
        assertNotEquals(
                "",
                Files.readString(home.resolve("new-phone").resolve("sync-cursor"))
                        .strip(),
                "the cursor is kept for the next sync");
        CliRun again = ok(phone("new-phone", "sync"));
        assertTrue(!again.out().contains(photoId), "nothing new on the second sync: " + again.out());

        CliRun sessions = ok(phone("new-phone", "sessions"));
        assertTrue(
                sessions.out().contains(oldSession)
                        && sessions.out()
                                .contains(state(home, "new-phone")
                                        .path("sessionId")
                                        .asText()),
                sessions.out());

        ok(phone("new-phone", "revoke", oldSession));
        Instant deadline = Instant.now().plusSeconds(10);
        int exit;
        do {
            Thread.sleep(500);
            exit = run(phone(
                            "old-phone",
                            "upload",
                            Files.write(dir.resolve("IMG_0002.jpg"), jpeg()).toString()))
                    .exit();
        } while (exit == 0 && Instant.now().isBefore(deadline));
        assertEquals(1, exit, "the signed-out phone can no longer upload");
    }

    /** The command line of one simulated phone: its folder under the shared home, the services' URLs. */
    private String[] phone(String device, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(
                "--home",
                dir.resolve("home").toString(),
                "--device",
                device,
                "--account-url",
                account.baseUrl(),
                "--sync-url",
                sync.baseUrl()));
        return args.toArray(String[]::new);
    }

    private static JsonNode state(Path home, String device) throws Exception {
        return JSON.readTree(home.resolve(device).resolve("session.json").toFile());
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
}
