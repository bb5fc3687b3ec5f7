package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code why PHOTO_ID}: the provenance report for a photo on this device, as readable text. */
@Command(
        name = "why",
        description =
                "Why is this photo on this device? Asks audit-service for the provenance report and prints it as text.")
public final class WhyCommand extends DeviceCommandBase {
    private static final Set<String> ARRIVALS = Set.of("DELIVERY", "DOWNLOAD", "UPLOAD");

    @Mixin
    ClientOptions options;

    @Parameters(paramLabel = "PHOTO_ID")
    String photoId;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "also save the report exactly as received, for 'verify'")
    Path jsonFile;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "the log takes a moment to record new events: ask again for up to SECONDS until the report"
                    + " shows this device receiving the photo (default: ${DEFAULT-VALUE})")
    int waitSeconds;

    @Option(
            names = "--zone",
            paramLabel = "ZONE",
            defaultValue = "UTC",
            description = "time zone for the times shown, e.g. Asia/Shanghai (default: ${DEFAULT-VALUE})")
    ZoneId zone;

    @Override
    protected int execute() throws IOException {
        DeviceClient client = DeviceClient.open(options);
        String path = "/v1/provenance/photos/" + Service.segment(photoId) + "?device="
                + Service.segment(client.info().deviceId());
        Instant deadline = Instant.now().plusSeconds(Math.max(0, waitSeconds));
        HttpResponse<byte[]> response;
        JsonNode report;
        while (true) {
            try {
                response = client.callRaw(Service.AUDIT, "GET", path, null);
                report = DeviceClient.expectJson(Service.AUDIT, response);
                if (showsArrivalAt(report, client.info().deviceId())
                        || Instant.now().isAfter(deadline)) {
                    break;
                }
            } catch (ApiProblem notYet) {
                // a photo the log has not recorded yet is unknown to audit-service
                if (notYet.status() != 404 || Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
            }
            pause();
        }
        if (jsonFile != null) {
            saveAsReceived(jsonFile, response.body());
        }
        out().print(new ReportPrinter(zone).render(report));
        if (jsonFile != null) {
            out().printf("%nThe report as received is saved in %s.%n", jsonFile);
        }
        out().flush();
        return 0;
    }

    /** True when a chain step records the photo reaching {@code deviceId} (delivered, downloaded or uploaded by it). */
    static boolean showsArrivalAt(JsonNode report, String deviceId) {
        for (JsonNode step : report.path("chain")) {
            if (deviceId.equals(step.path("deviceId").asText())
                    && ARRIVALS.contains(step.path("step").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while waiting for the log", e);
        }
    }
}
