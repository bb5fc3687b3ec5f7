import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** What the benchmarks share: one figure as a JSON line (bench/run collects them into summary.json), quantiles. */
final class Figures {
    private Figures() {
    }

    static void record(Path out, String name, double figure, String unit, double baseline, String baselineName, String goal, String sizes)
            throws Exception {
        String line = String.format(Locale.ROOT,
                "{\"name\":\"%s\",\"figure\":%.2f,\"unit\":\"%s\",\"baseline\":%.2f,\"baselineName\":\"%s\",\"ratio\":%.3f,"
                        + "\"goal\":\"%s\",\"sizes\":\"%s\"}%n",
                name, figure, unit, baseline, baselineName, figure / baseline, goal, sizes);
        System.out.print(line);
        Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The {@code quantile} of nanosecond samples sorted ascending, in milliseconds. */
    static double millis(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
