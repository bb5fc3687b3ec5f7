package io.photosync.cli.device;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code login LOGIN}: a sign-in bound to this device's key by its DPoP proof. */
@Command(
        name = "login",
        description = "Sign this device in; keeps the access and refresh tokens in the device's folder.")
public final class LoginCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Mixin
    PasswordOptions password;

    @Mixin
    AccountLogin login;

    @ArgGroup(exclusive = false, heading = "Location the phone reports (self-reported, optional):%n")
    ReportedLocation location;

    static final class ReportedLocation {
        @Option(names = "--lat", required = true, paramLabel = "DEG", description = "latitude in degrees")
        double lat;

        @Option(names = "--lon", required = true, paramLabel = "DEG", description = "longitude in degrees")
        double lon;

        @Option(names = "--accuracy", paramLabel = "METERS", description = "accuracy radius in meters")
        Double accuracyMeters;

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("lat", lat);
            json.put("lon", lon);
            if (accuracyMeters != null) {
                json.put("accuracyMeters", accuracyMeters);
            }
            return json;
        }
    }

    @Override
    protected int execute() throws IOException {
        DeviceClient client = DeviceClient.open(options);
        String name = login.value();
        StoredSession session = client.signIn(name, password.read(), location == null ? null : location.toJson());
        DeviceInfo info = client.info();
        out().printf(
                        "Signed in as %s on device '%s' (%s, %s)%n",
                        name, client.home().name(), info.name(), info.model());
        out().printf("session:   %s%n", session.sessionId());
        out().printf("device id: %s%n", info.deviceId());
        if (session.accessTokenExpiresAt() != null) {
            out().printf("access token valid until %s (refreshed automatically)%n", session.accessTokenExpiresAt());
        }
        return 0;
    }
}
