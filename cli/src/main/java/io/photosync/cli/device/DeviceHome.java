package io.photosync.cli.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Optional;

/**
 * One simulated phone's local state in {@code <home>/device.json}: its private EC P-256 key (the device
 * <em>is</em> its key), self-reported name/model/os/appVersion, the service URLs, its tokens and sync cursor.
 * Several phones are several homes.
 */
public final class DeviceHome {
    static final String FILE = "device.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ObjectNode state;

    private DeviceHome(Path file, ObjectNode state) {
        this.file = file;
        this.state = state;
    }

    static DeviceHome create(Path home, ECKey key, String name, String model, String os, String appVersion) throws IOException {
        Path file = home.resolve(FILE);
        if (Files.exists(file)) {
            throw new IOException(file + " already holds a device; use another --home");
        }
        ObjectNode state = JSON.createObjectNode();
        state.put("privateJwk", key.toJSONString());
        state.putObject("device").put("name", name).put("model", model).put("os", os).put("appVersion", appVersion);
        DeviceHome h = new DeviceHome(file, state);
        h.save();
        return h;
    }

    static DeviceHome open(Path home) throws IOException {
        Path file = home.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no device in " + home + "; run 'device new' first");
        }
        return new DeviceHome(file, (ObjectNode) JSON.readTree(file.toFile()));
    }

    ECKey key() throws IOException {
        try {
            return ECKey.parse(state.path("privateJwk").asText());
        } catch (ParseException e) {
            throw new IOException("the device key in " + file + " is unreadable", e);
        }
    }

    String deviceId() throws IOException {
        try {
            return key().toPublicJWK().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectNode deviceInfo() {
        return (ObjectNode) state.path("device");
    }

    Optional<String> get(String field) {
        return state.hasNonNull(field) ? Optional.of(state.get(field).asText()) : Optional.empty();
    }

    String require(String field, String hint) throws IOException {
        return get(field).orElseThrow(() -> new IOException("no " + field + " yet: " + hint));
    }

    void put(String field, String value) {
        state.put(field, value);
    }

    /** Written to a temporary file and moved into place, readable by the owner only: it holds a private key. */
    void save() throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort on file systems without POSIX permissions
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
