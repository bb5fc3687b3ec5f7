package io.photosync.cli.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceHomeTest {
    @TempDir
    Path home;

    @Test
    void keyFileRoundTripsThePrivateKeyAndOnlyTheOwnerMayReadIt() throws Exception {
        ECKey key = DeviceNewCommand.generateKey();
        DeviceHome device = DeviceHome.of(home, "old-phone");
        device.create(key, info(key));

        ECKey loaded = device.key();
        assertEquals(key, loaded, "the stored JWK is the generated key, private part included");
        assertTrue(loaded.isPrivate());
        assertEquals(key.getD(), loaded.getD());
        assertEquals(DpopProofs.deviceId(key), device.info().deviceId());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(device.keyFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(device.dir())));
        assertEquals(ECKey.parse(Files.readString(device.keyFile())), key, "the file is plain JWK JSON");
    }

    @Test
    void aSecondDeviceNewUnderTheSameNameNeverOverwritesTheKey() throws Exception {
        ECKey first = DeviceNewCommand.generateKey();
        DeviceHome device = DeviceHome.of(home, "phone");
        device.create(first, info(first));
        ECKey second = DeviceNewCommand.generateKey();

        CliFailure refused = assertThrows(CliFailure.class, () -> device.create(second, info(second)));
        assertTrue(refused.getMessage().contains("already has a key"), refused.getMessage());
        assertEquals(first, device.key());
    }

    @Test
    void tokensAreKeptOwnerOnlyAndReplacedWhole() throws Exception {
        DeviceHome device = DeviceHome.of(home, "phone");
        device.saveSession(new StoredSession("alice", "s1", "access-1", "refresh-1", "2026-11-21T10:00:00Z"));
        device.saveSession(new StoredSession("alice", "s1", "access-2", "refresh-2", "2026-11-21T10:05:00Z"));

        StoredSession stored = device.requireSession();
        assertEquals("refresh-2", stored.refreshToken());
        assertEquals("access-2", stored.accessToken());
        Path file = device.dir().resolve(DeviceHome.SESSION_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(device.dir())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aMissingDeviceOrSessionIsExplained() {
        DeviceHome device = DeviceHome.of(home, "nothing-here");
        assertTrue(assertThrows(CliFailure.class, device::key).getMessage().contains("device new"));
        assertTrue(assertThrows(CliFailure.class, device::requireSession)
                .getMessage()
                .contains("login"));
        assertFalse(device.syncCursor().isPresent());
    }

    @Test
    void deviceNamesCannotLeaveTheHome() {
        for (String name : new String[] {"..", "../x", "a/b", "", ".hidden"}) {
            assertThrows(CliFailure.class, () -> DeviceHome.of(home, name), name);
        }
    }

    private static DeviceInfo info(ECKey key) {
        return new DeviceInfo(
                DpopProofs.deviceId(key), "Old phone", "Xiaomi 13", "Android 14", "1.0", "2026-11-21T10:00:00Z");
    }
}
