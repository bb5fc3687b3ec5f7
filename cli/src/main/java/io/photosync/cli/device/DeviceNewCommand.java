package io.photosync.cli.device;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code device new}: a new phone is a new EC P-256 key; its id is the key's thumbprint. */
@Command(
        name = "new",
        description =
                "Create a simulated phone: a new EC P-256 key kept in its folder (JWK, mode 0600). Prints the device"
                        + " id.")
public final class DeviceNewCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Option(names = "--name", required = true, description = "the phone's name, e.g. \"Old phone\" (self-reported)")
    String name;

    @Option(names = "--model", description = "e.g. \"Xiaomi 13\" (self-reported)")
    String model;

    @Option(names = "--os", description = "e.g. \"Android 14\" (self-reported)")
    String os;

    @Option(
            names = "--app-version",
            defaultValue = "photosync-cli 1.0",
            description = "(self-reported, default: ${DEFAULT-VALUE})")
    String appVersion;

    @Option(
            names = {"-q", "--quiet"},
            description = "print only the device id")
    boolean quiet;

    @Override
    protected int execute() {
        ECKey key = generateKey();
        String deviceId = DpopProofs.deviceId(key);
        DeviceHome home = options.deviceHome();
        home.create(
                key,
                new DeviceInfo(
                        deviceId, name, model, os, appVersion, Instant.now().toString()));
        if (quiet) {
            out().println(deviceId);
            return 0;
        }
        out().printf(
                        "Created device '%s': %s (name, model and OS are self-reported)%n",
                        home.name(),
                        String.join(
                                ", ",
                                Stream.of(name, model, os)
                                        .filter(Objects::nonNull)
                                        .toList()));
        out().printf("device id: %s (RFC 7638 thumbprint of its public key)%n", deviceId);
        out().printf("key:       %s (mode 0600)%n", home.keyFile());
        return 0;
    }

    static ECKey generateKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new CliFailure("cannot generate an EC P-256 key: " + e.getMessage(), e);
        }
    }
}
