package io.photosync.cli.device;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the services are and which local device acts. Mixed into every device command; each
 * default can also come from an environment variable so a script sets it once.
 */
public final class ClientOptions {
    @Option(
            names = "--account-url",
            paramLabel = "URL",
            defaultValue = "${env:PHOTOSYNC_ACCOUNT_URL:-http://localhost:8081}",
            description = "account-service base URL (default: ${DEFAULT-VALUE}, env PHOTOSYNC_ACCOUNT_URL)")
    URI accountUrl;

    @Option(
            names = "--sync-url",
            paramLabel = "URL",
            defaultValue = "${env:PHOTOSYNC_SYNC_URL:-http://localhost:8082}",
            description = "sync-service base URL (default: ${DEFAULT-VALUE}, env PHOTOSYNC_SYNC_URL)")
    URI syncUrl;

    @Option(
            names = "--audit-url",
            paramLabel = "URL",
            defaultValue = "${env:PHOTOSYNC_AUDIT_URL:-http://localhost:8083}",
            description = "audit-service base URL (default: ${DEFAULT-VALUE}, env PHOTOSYNC_AUDIT_URL)")
    URI auditUrl;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            defaultValue = "${env:PHOTOSYNC_HOME:-${sys:user.home}/.photosync}",
            description = "local state, one sub-folder per device (default: ${DEFAULT-VALUE}, env PHOTOSYNC_HOME)")
    Path home;

    @Option(
            names = "--device",
            paramLabel = "NAME",
            defaultValue = "${env:PHOTOSYNC_DEVICE:-phone}",
            description = "which local device acts: its folder under --home (default: ${DEFAULT-VALUE}, env"
                    + " PHOTOSYNC_DEVICE)")
    String device;

    @Option(
            names = "--forwarded-for",
            paramLabel = "IP",
            description = "send X-Forwarded-For: IP, to simulate a phone elsewhere (honoured only when this client is a"
                    + " trusted proxy of the service)")
    String forwardedFor;

    public URI accountUrl() {
        return accountUrl;
    }

    public URI syncUrl() {
        return syncUrl;
    }

    public URI auditUrl() {
        return auditUrl;
    }

    public String forwardedFor() {
        return forwardedFor;
    }

    public DeviceHome deviceHome() {
        return DeviceHome.of(home, device);
    }
}
