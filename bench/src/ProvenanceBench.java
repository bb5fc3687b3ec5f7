import io.photosync.cli.device.ClientOptions;
import io.photosync.cli.device.DeviceClient;
import io.photosync.cli.device.Service;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * Provenance answers as a phone asks them (cli's DeviceClient: DPoP-bound token of account-service, a proof per
 * request), timed one at a time in alternating rounds against the cheapest device call of audit-service
 * ({@code GET /v1/me/access-log} of the same account, whose access chain is empty): the baseline is the fixed cost of
 * HTTP, token and proof checks, so the ratio is what the report itself adds.
 * Usage: java -cp cli.jar ProvenanceBench.java resultFile photoId deviceId requests sizes (device and URLs: PHOTOSYNC_*
 * env)
 */
public class ProvenanceBench {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String photoId = args[1];
        String deviceId = args[2];
        int requests = Integer.parseInt(args[3]);
        String sizes = args[4];
        DeviceClient phone = DeviceClient.open(CommandLine.populateCommand(new ClientOptions()));
        String report = "/v1/provenance/photos/" + photoId + "?device=" + deviceId;
        String cheap = "/v1/me/access-log";
        HttpResponse<byte[]> first = phone.callRaw(Service.AUDIT, "GET", report, null);
        System.out.printf(
                "report: %d bytes, %d evidence entries%n",
                first.body().length,
                new String(first.body(), StandardCharsets.UTF_8).split("\"inclusionProof\"").length - 1);
        Figures.warmUp(() -> {
            for (int i = 0; i < Math.min(50, requests); i++) {
                phone.callRaw(Service.AUDIT, "GET", report, null);
                phone.callRaw(Service.AUDIT, "GET", cheap, null);
            }
        });
        long[] reports = new long[requests];
        long[] baseline = new long[requests];
        Figures.mark("provenance-start");
        for (int i = 0; i < requests; i++) {
            baseline[i] = timed(phone, cheap);
            reports[i] = timed(phone, report);
        }
        Figures.mark("provenance-end");
        Arrays.sort(reports);
        Arrays.sort(baseline);
        String name = "GET /v1/me/access-log of the same account (fixed cost of a device call)";
        Figures.record(
                out,
                "provenance-p50",
                Figures.millis(reports, 0.50),
                "ms",
                Figures.millis(baseline, 0.50),
                name,
                "-",
                sizes);
        Figures.record(
                out,
                "provenance-p99",
                Figures.millis(reports, 0.99),
                "ms",
                Figures.millis(baseline, 0.99),
                name,
                "≤ 20 ms",
                sizes);
    }

    static long timed(DeviceClient phone, String path) {
        long start = System.nanoTime();
        phone.callRaw(Service.AUDIT, "GET", path, null);
        return System.nanoTime() - start;
    }
}
