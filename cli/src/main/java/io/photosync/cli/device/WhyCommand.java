package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

/** {@code why PHOTO_ID}: the provenance report for a photo on this device, as readable text. */
@Command(name = "why", description = "Why is this photo on this device? Asks audit-service for the provenance report and prints it as text.")
public final class WhyCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Parameters(paramLabel = "PHOTO_ID")
    String photoId;

    @Option(names = "--json", paramLabel = "FILE", description = "also save the report exactly as received, for 'verify'")
    Path jsonFile;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "time zone for the times shown, e.g. Asia/Shanghai (default: ${DEFAULT-VALUE})")
    ZoneId zone;

    @Override
    protected int execute() throws IOException {
        DeviceClient client = DeviceClient.open(options);
        HttpResponse<byte[]> response = client.callRaw(Service.AUDIT, "GET",
                "/v1/provenance/photos/" + Service.segment(photoId) + "?device=" + Service.segment(client.info().deviceId()), null);
        JsonNode report = DeviceClient.expectJson(Service.AUDIT, response);
        if (jsonFile != null) {
            Path parent = jsonFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(jsonFile, response.body());
        }
        out().print(new ReportPrinter(zone).render(report));
        if (jsonFile != null) {
            out().printf("%nThe report as received is saved in %s.%n", jsonFile);
        }
        out().flush();
        return 0;
    }
}
