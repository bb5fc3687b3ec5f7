import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * What the benchmarks share: one figure as a JSON line (bench/run collects them into summary.json), quantiles, a POST.
 */
final class Figures {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Figures() {}

    static void record(
            Path out,
            String name,
            double figure,
            String unit,
            double baseline,
            String baselineName,
            String goal,
            String sizes)
            throws Exception {
        String line = String.format(
                Locale.ROOT,
                "{\"name\":\"%s\",\"figure\":%.2f,\"unit\":\"%s\",\"baseline\":%.2f,\"baselineName\":\"%s\",\"ratio\":%.3f,"
                    + "\"goal\":\"%s\",\"sizes\":\"%s\"}%n",
                name,
                figure,
                unit,
                baseline,
                baselineName,
                figure / baseline,
                goal,
                sizes);
        System.out.print(line);
        Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Work a benchmark measures, repeated to warm up. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /**
     * Repeats {@code work} for {@code BENCH_WARMUP_SECONDS} (bench/run's WARMUP_SECONDS), at least once: on 2 cores the
     * services' JIT compilers take tens of seconds to settle, and a measurement before that counts their CPU too.
     */
    static void warmUp(Work work) throws Exception {
        long until = System.nanoTime()
                + (long) (Double.parseDouble(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "0")) * 1e9);
        do {
            work.run();
        } while (System.nanoTime() < until);
    }

    /**
     * Marks a phase boundary for bench/run's THREADS=1: runs {@code BENCH_MARK} with {@code {}} replaced by
     * {@code name} (a /proc snapshot of the services' threads), so the CPU report covers the measured phase alone.
     */
    static void mark(String name) throws Exception {
        String command = System.getenv("BENCH_MARK");
        if (command == null || command.isBlank()) {
            return;
        }
        Process process = new ProcessBuilder("sh", "-c", command.replace("{}", name))
                .inheritIO()
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("BENCH_MARK failed for " + name);
        }
    }

    /** The {@code quantile} of nanosecond samples sorted ascending, in milliseconds. */
    static double millis(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    /** POSTs {@code json} (with a {@code DPoP} header unless null), expecting {@code expected}; answers the body. */
    static String post(String url, String dpop, String json, int expected) throws Exception {
        HttpResponse<String> response = send(url, dpop, "application/json", json);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /**
     * POSTs {@code body} of {@code contentType} (with a {@code DPoP} header unless null); answers whatever came back.
     */
    static HttpResponse<String> send(String url, String dpop, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (dpop != null) {
            request.header("DPoP", dpop);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
