package io.photosync.cli.device;

import com.nimbusds.jose.jwk.ECKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One simulated phone's folder under the CLI home: its private key ({@value #KEY_FILE}, a JWK,
 * mode 0600), what it says about itself ({@value #INFO_FILE}), the tokens of its current sign-in
 * ({@value #SESSION_FILE}, mode 0600) and its sync cursor ({@value #CURSOR_FILE}).
 */
public final class DeviceHome {
    static final String KEY_FILE = "device-key.jwk";
    static final String INFO_FILE = "device.json";
    static final String SESSION_FILE = "session.json";
    static final String CURSOR_FILE = "sync-cursor";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String name;
    private final Path dir;

    private DeviceHome(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    public static DeviceHome of(Path home, String deviceName) {
        if (deviceName == null || !NAME.matcher(deviceName).matches()) {
            throw new CliFailure("device name '" + deviceName
                    + "' is not usable as a folder name: use letters, digits, '.', '_' or '-' (at most 64)");
        }
        return new DeviceHome(deviceName, home.resolve(deviceName));
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public Path keyFile() {
        return dir.resolve(KEY_FILE);
    }

    /** Stores a new device: its private key and self-description. Never overwrites a key. */
    public void create(ECKey key, DeviceInfo info) {
        try {
            PrivateFiles.create(keyFile(), key.toJSONString().getBytes(StandardCharsets.UTF_8));
        } catch (FileAlreadyExistsException e) {
            throw new CliFailure(
                    "device '" + name + "' already has a key in " + keyFile() + "; choose another --device name");
        } catch (IOException e) {
            throw new CliFailure("cannot write the device key to " + keyFile() + ": " + e.getMessage(), e);
        }
        writeJson(INFO_FILE, info);
    }

    public ECKey key() {
        String json = read(KEY_FILE)
                .orElseThrow(() -> new CliFailure("device '" + name + "' has no key in " + dir
                        + "; create it first with: device new --device " + name + " --name … --model … --os …"));
        try {
            ECKey key = ECKey.parse(json);
            if (!key.isPrivate()) {
                throw new CliFailure("the key in " + keyFile() + " has no private part");
            }
            return key;
        } catch (ParseException e) {
            throw new CliFailure("the key in " + keyFile() + " is not an EC JWK: " + e.getMessage(), e);
        }
    }

    public DeviceInfo info() {
        key(); // the same clear message when the device was never created
        return readJson(INFO_FILE, DeviceInfo.class)
                .orElseThrow(
                        () -> new CliFailure("device '" + name + "' has a key but no " + INFO_FILE + " in " + dir));
    }

    public Optional<StoredSession> session() {
        return readJson(SESSION_FILE, StoredSession.class);
    }

    public StoredSession requireSession() {
        return session()
                .orElseThrow(() -> new CliFailure(
                        "device '" + name + "' is not signed in; sign in first with: login LOGIN --device " + name));
    }

    public void saveSession(StoredSession session) {
        writeJson(SESSION_FILE, session);
    }

    public Optional<String> syncCursor() {
        return read(CURSOR_FILE).map(String::strip).filter(s -> !s.isEmpty());
    }

    public void saveSyncCursor(String cursor) {
        try {
            PrivateFiles.replace(dir.resolve(CURSOR_FILE), (cursor + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliFailure("cannot write " + dir.resolve(CURSOR_FILE) + ": " + e.getMessage(), e);
        }
    }

    private Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(dir.resolve(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CliFailure("cannot read " + dir.resolve(file) + ": " + e.getMessage(), e);
        }
    }

    private <T> Optional<T> readJson(String file, Class<T> type) {
        Optional<String> json = read(file);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(json.get(), type));
        } catch (IOException e) {
            throw new CliFailure(dir.resolve(file) + " is not readable JSON: " + e.getMessage(), e);
        }
    }

    private void writeJson(String file, Object value) {
        try {
            PrivateFiles.replace(
                    dir.resolve(file),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        } catch (IOException e) {
            throw new CliFailure("cannot write " + dir.resolve(file) + ": " + e.getMessage(), e);
        }
    }
}
