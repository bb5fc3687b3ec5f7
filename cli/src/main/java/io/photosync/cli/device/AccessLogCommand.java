package io.photosync.cli.device;

import io.photosync.cli.verify.AccessLogVerifier;
import io.photosync.cli.verify.VerificationException;
import io.photosync.cli.verify.VerifierKey;
import io.photosync.cli.verify.VerifyCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code access-log}: {@code GET /v1/me/access-log}, verified offline before anything of it is shown
 * (docs/SUPPORT.md "The access log"); an answer that does not verify is refused, naming what is wrong.
 */
@Command(
        name = "access-log",
        description = "Every grant, look and action of support on this account, verified against the"
                + " transparency log before it is shown.")
public final class AccessLogCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Option(
            names = "--log-key",
            paramLabel = "VKEY",
            description = "the log's verifier key name+keyid+base64, or a file holding it (default: audit-service's own"
                    + " GET /v1/log/key, which trusts the operator for the key: pin it with this option)")
    String logKey;

    @Option(
            names = "--save",
            paramLabel = "FILE",
            description = "also save the access log exactly as received, for 'verify --access-log'")
    Path saveTo;

    @Option(
            names = "--zone",
            paramLabel = "ZONE",
            defaultValue = "UTC",
            description = "time zone for the times shown, e.g. Asia/Shanghai (default: ${DEFAULT-VALUE})")
    ZoneId zone;

    @Override
    protected int execute() throws IOException {
        DeviceClient client = DeviceClient.open(options);
        byte[] answer =
                client.callRaw(Service.AUDIT, "GET", "/v1/me/access-log", null).body();
        if (saveTo != null) {
            saveAsReceived(saveTo, answer);
            out().printf("The access log as received is saved in %s.%n", saveTo);
        }
        String keyText = logKey != null
                ? VerifyCommand.readKey(logKey)
                : new String(
                                client.callRaw(Service.AUDIT, "GET", "/v1/log/key", null)
                                        .body(),
                                StandardCharsets.UTF_8)
                        .strip();
        try {
            VerifierKey key = VerifierKey.parse(keyText);
            AccessLogPrinter.print(
                    out(),
                    AccessLogVerifier.verify(
                            answer, key, client.home().requireSession().accountId()),
                    key,
                    zone);
        } catch (VerificationException e) {
            spec.commandLine()
                    .getErr()
                    .println("FAILED: the access log does not verify, nothing of it is shown: "
                            + Text.printable(e.getMessage()));
            return REFUSED;
        }
        if (logKey == null) {
            out().println("NOTE: the log key is the one audit-service gave; pin it with --log-key");
        }
        return OK;
    }
}
