package io.photosync.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The test IP-location database: built with the repository's own writer script
 * ({@code tools/geoip/make-city-mmdb.pl}, Debian's libmaxmind-db-writer-perl; nothing is downloaded)
 * unless {@code photosync.geoip.test-database} names one already built (bin/test does). The addresses
 * below are in the script's ranges (RFC 5737 documentation networks, which no real database places).
 */
public final class TestGeoIp {
    public static final String BEIJING_IP = "192.0.2.10";
    public static final String HANGZHOU_IP = "192.0.2.200";
    public static final String SHANGHAI_IP = "198.51.100.7";
    public static final String LONDON_IP = "203.0.113.9";

    private TestGeoIp() {}

    /** The database file, built first if needed; paths are relative to a module folder, as Maven runs tests. */
    public static synchronized Path database() {
        String given = System.getProperty("photosync.geoip.test-database");
        Path file = given != null
                ? Path.of(given)
                : Path.of("target", "geoip", "photosync-test-city.mmdb").toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            build(file);
        }
        return file;
    }

    private static void build(Path file) {
        Path script = Path.of("..", "tools", "geoip", "make-city-mmdb.pl");
        try {
            Files.createDirectories(file.getParent());
            Process p = new ProcessBuilder("perl", script.toString(), file.toString())
                    .inheritIO()
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(
                        "building the test GeoIP database failed; is libmaxmind-db-writer-perl installed? "
                                + "(bin/test installs it: apt-get install libmaxmind-db-writer-perl)");
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        }
    }
}
