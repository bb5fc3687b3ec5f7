import io.photosync.common.source.SourceTokenSigner;
import io.photosync.testsupport.TestSourceKeys;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Append throughput of the transparency log against a baseline measured in the same run.
 * Baseline: the same number of events, each inserted by a plain single-row INSERT in its own
 * transaction (durable one by one, nothing else). Log: POST /v1/log/entries with source tokens;
 * an answer means every event of the batch is stored, sequenced, in the tiles and under a newly
 * signed checkpoint.
 * Usage: java -cp <classpath> LogAppendBench.java <baseUrl> <jdbcUrl> <entries> <clients> <batch> <resultFile>
 */
public class LogAppendBench {
    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String jdbcUrl = args[1];
        int entries = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        SourceTokenSigner signer = new SourceTokenSigner(TestSourceKeys.ACCOUNT_SERVICE, TestSourceKeys.ACCOUNT_SERVICE_PRIVATE_JWK);

        // Warm-up: JIT, connection pools.
        runLog(http, signer, baseUrl, 2_000, clients, batch);
        runBaseline(jdbcUrl, 2_000, clients);

        double baseline = runBaseline(jdbcUrl, entries, clients);
        double log = runLog(http, signer, baseUrl, entries, clients, batch);
        double logSingle = runLog(http, signer, baseUrl, Math.min(entries, 2_000), clients, 1);

        String result = String.format(Locale.ROOT, """
                transparency log append throughput (bench/log-append.sh, %s)
                machine: %d cores; PostgreSQL on 127.0.0.1; %d concurrent clients
                baseline  plain single-row INSERT, one transaction each : %8.0f entries/s (%d entries)
                log       POST /v1/log/entries, batches of %-3d          : %8.0f entries/s (%d entries)  ratio to baseline %.2f
                log       POST /v1/log/entries, one event per request   : %8.0f entries/s (%d entries)  ratio to baseline %.2f
                (a log answer means: validated, stored, sequenced, tiles written, new checkpoint signed)
                """, Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), clients,
                baseline, entries, batch, log, entries, log / baseline, logSingle, Math.min(entries, 2_000), logSingle / baseline);
        System.out.print(result);
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[5]), result);
    }

    static double runBaseline(String jdbcUrl, int entries, int clients) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            c.createStatement().execute("create table if not exists bench_baseline (id uuid primary key, body bytea not null)");
        }
        return timed(entries, clients, (share, client) -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                 PreparedStatement ps = c.prepareStatement("insert into bench_baseline (id, body) values (?, ?)")) {
                for (int i = 0; i < share; i++) {
                    UUID id = UUID.randomUUID();
                    ps.setObject(1, id);
                    ps.setBytes(2, event(id).getBytes(StandardCharsets.UTF_8));
                    ps.executeUpdate();
                }
            }
        });
    }

    static double runLog(HttpClient http, SourceTokenSigner signer, String baseUrl, int entries, int clients, int batch) throws Exception {
        return timed(entries, clients, (share, client) -> {
            for (int sent = 0; sent < share; sent += batch) {
                List<String> events = new ArrayList<>();
                for (int i = 0; i < Math.min(batch, share - sent); i++) {
                    events.add(event(UUID.randomUUID()));
                }
                byte[] body = ("{\"events\":[" + String.join(",", events) + "]}").getBytes(StandardCharsets.UTF_8);
                HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/log/entries"))
                        .header("Content-Type", "application/json").header("Authorization", signer.authorization(body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("submission failed: " + response.statusCode() + " " + response.body());
                }
            }
        });
    }

    interface Client {
        void run(int share, int client) throws Exception;
    }

    static double timed(int entries, int clients, Client work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            int share = entries / clients + (c < entries % clients ? 1 : 0);
            done.add(pool.submit(() -> {
                work.run(share, client);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return entries / seconds;
    }

    static String event(UUID id) {
        return """
                {"id":"%s","type":"SIGN_IN","source":"account-service","occurredAt":"%s","accountId":"%s",\
                "deviceId":"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs","sessionId":"%s",\
                "data":{"authMethod":"password","deviceFirstSeen":false},\
                "personal":{"ip":"203.0.113.7","ipCity":"Paris","ipLat":48.8566,"ipLon":2.3522,"userAgent":"PhotoSync/1.0"}}"""
                .formatted(id, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), UUID.randomUUID());
    }
}
