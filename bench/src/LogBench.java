import io.photosync.audit.log.NoteKeys;
import io.photosync.common.source.SourceTokenSigner;
import io.photosync.testsupport.TestSourceKeys;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The transparency log's benchmarks against audit-service running as a process (bench/run starts it).
 * Each mode appends one JSON object per figure to the result file (JSON lines), with its baseline measured
 * in the same run.
 * <ul>
 * <li>{@code append}: batches through POST /v1/log/entries (an answer means stored, sequenced, tiled, under a
 * newly signed checkpoint) against the raw COPY rate of rows of the same size into a plain table.</li>
 * <li>{@code latency}: one event per request from concurrent submitters, p50/p99 of the answer, against a plain
 * durable single-row INSERT per request from as many clients.</li>
 * <li>{@code seed}: fills the log through the real append path in batches: one account with {@code photos}
 * uploads, its sign-in, the rest other accounts' sign-ins. Prints the account and photo ids.</li>
 * </ul>
 * Uses the TEST-ONLY source key of test-support (TestSourceKeys); never point this at a real log.
 */
public class LogBench {
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final SourceTokenSigner SIGNER =
            new SourceTokenSigner(TestSourceKeys.ACCOUNT_SERVICE, TestSourceKeys.ACCOUNT_SERVICE_PRIVATE_JWK);
    static final SourceTokenSigner SYNC_SIGNER =
            new SourceTokenSigner(TestSourceKeys.SYNC_SERVICE, TestSourceKeys.SYNC_SERVICE_PRIVATE_JWK);

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if (mode.equals("key")) {
            System.out.println(
                    NoteKeys.Signer.generate("photosync.local/audit-log").format());
            return;
        }
        if (mode.equals("source-key")) {
            System.out.println(TestSourceKeys.ACCOUNT_SERVICE_PRIVATE_JWK);
            return;
        }
        String baseUrl = args[1];
        String jdbcUrl = args[2];
        Path out = Path.of(args[3]);
        switch (mode) {
            case "append" ->
                append(
                        baseUrl,
                        jdbcUrl,
                        out,
                        Integer.parseInt(args[4]),
                        Integer.parseInt(args[5]),
                        Integer.parseInt(args[6]));
            case "latency" -> latency(baseUrl, jdbcUrl, out, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "seed" ->
                seed(baseUrl, out, Long.parseLong(args[4]), Integer.parseInt(args[5]), args[6], args[7], args[8]);
            default -> throw new IllegalArgumentException("mode: append | latency | seed");
        }
    }

    static void append(String baseUrl, String jdbcUrl, Path out, int entries, int clients, int batch) throws Exception {
        // Warm-up: JIT and pools on both sides.
        Figures.warmUp(() -> runLog(baseUrl, Math.min(entries, 4 * batch * clients), clients, batch));
        runCopy(jdbcUrl, Math.min(entries, 4 * batch * clients), clients, batch);
        double copy = runCopy(jdbcUrl, entries, clients, batch);
        Figures.mark("append-start");
        double log = runLog(baseUrl, entries, clients, batch);
        Figures.mark("append-end");
        Figures.record(
                out,
                "log-append-batched",
                log,
                "entries/s",
                copy,
                "raw COPY of the same rows into a plain table, same batches and clients",
                "≥ 20000 entries/s and ratio ≥ 0.2",
                "entries=%d clients=%d batch=%d".formatted(entries, clients, batch));
    }

    static double runLog(String baseUrl, int entries, int clients, int batch) throws Exception {
        return entries
                / timed(entries, clients, (share, client) -> {
                    for (int sent = 0; sent < share; sent += batch) {
                        List<String> events = new ArrayList<>();
                        for (int i = 0; i < Math.min(batch, share - sent); i++) {
                            events.add(signIn(
                                    UUID.randomUUID(),
                                    UUID.randomUUID(),
                                    "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
                        }
                        submit(baseUrl, SIGNER, events);
                    }
                });
    }

    /** The fastest plain way to put the same bytes into PostgreSQL: COPY, one transaction per batch. */
    static double runCopy(String jdbcUrl, int entries, int clients, int batch) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            c.createStatement().execute("""
                create table if not exists bench_raw (id uuid primary key, content_hash bytea not null, entry bytea not null,
                source text not null, received_at timestamptz not null default now())\
                """);
        }
        return entries
                / timed(entries, clients, (share, client) -> {
                    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                        MessageDigest sha = MessageDigest.getInstance("SHA-256");
                        HexFormat hex = HexFormat.of();
                        for (int sent = 0; sent < share; sent += batch) {
                            StringBuilder rows = new StringBuilder();
                            for (int i = 0; i < Math.min(batch, share - sent); i++) {
                                UUID id = UUID.randomUUID();
                                byte[] body = signIn(
                                                id, UUID.randomUUID(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
                                        .getBytes(StandardCharsets.UTF_8);
                                rows.append(id)
                                        .append("\t\\\\x")
                                        .append(hex.formatHex(sha.digest(body)))
                                        .append("\t\\\\x")
                                        .append(hex.formatHex(body))
                                        .append("\taccount-service\n");
                            }
                            copy.copyIn(
                                    "copy bench_raw (id, content_hash, entry, source) from stdin",
                                    new ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.UTF_8)));
                        }
                    }
                });
    }

    static void latency(String baseUrl, String jdbcUrl, Path out, int requests, int clients) throws Exception {
        Figures.warmUp(() -> sampleLog(baseUrl, Math.min(requests, 50 * clients), clients));
        sampleInsert(jdbcUrl, Math.min(requests, 50 * clients), clients);
        long[] insert = sampleInsert(jdbcUrl, requests, clients);
        Figures.mark("single-start");
        long[] log = sampleLog(baseUrl, requests, clients);
        Figures.mark("single-end");
        String sizes = "requests=%d clients=%d".formatted(requests, clients);
        String baselineName = "plain durable single-row INSERT per request, same clients";
        Figures.record(
                out,
                "log-append-single-p50",
                Figures.millis(log, 0.50),
                "ms",
                Figures.millis(insert, 0.50),
                baselineName,
                "≤ 15 ms",
                sizes);
        Figures.record(
                out,
                "log-append-single-p99",
                Figures.millis(log, 0.99),
                "ms",
                Figures.millis(insert, 0.99),
                baselineName,
                "≤ 50 ms",
                sizes);
    }

    static long[] sampleLog(String baseUrl, int requests, int clients) throws Exception {
        ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();
        timed(requests, clients, (share, client) -> {
            for (int i = 0; i < share; i++) {
                String event =
                        signIn(UUID.randomUUID(), UUID.randomUUID(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
                long start = System.nanoTime();
                submit(baseUrl, SIGNER, List.of(event));
                samples.add(System.nanoTime() - start);
            }
        });
        return sorted(samples);
    }

    static long[] sampleInsert(String jdbcUrl, int requests, int clients) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            c.createStatement()
                    .execute("create table if not exists bench_single (id uuid primary key, entry bytea not null)");
        }
        ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();
        timed(requests, clients, (share, client) -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                    PreparedStatement ps = c.prepareStatement("insert into bench_single (id, entry) values (?, ?)")) {
                for (int i = 0; i < share; i++) {
                    UUID id = UUID.randomUUID();
                    byte[] body = signIn(id, UUID.randomUUID(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
                            .getBytes(StandardCharsets.UTF_8);
                    long start = System.nanoTime();
                    ps.setObject(1, id);
                    ps.setBytes(2, body);
                    ps.executeUpdate();
                    samples.add(System.nanoTime() - start);
                }
            }
        });
        return sorted(samples);
    }

    /**
     * Seeds {@code total} entries in batches: {@code photos} uploads by the account's device {@code deviceId} in
     * session {@code sessionId} (whose sign-in account-service logged itself) spread through the log, and other
     * accounts' sign-ins around them. Writes the photo to ask about (the last one, the farthest in the log) to {@code
     * out}.
     */
    static void seed(
            String baseUrl, Path out, long total, int photos, String accountId, String deviceId, String sessionId)
            throws Exception {
        int batch = 500; // the most a submission takes
        int clients = 4;
        UUID account = UUID.fromString(accountId);
        List<UUID> photoIds = new ArrayList<>();
        for (int i = 0; i < photos; i++) {
            photoIds.add(UUID.randomUUID());
        }
        long every = Math.max(1, total / Math.max(1, photos));
        long start = System.nanoTime();
        timed((int) ((total + batch - 1) / batch), clients, (share, client) -> {
            for (int b = 0; b < share; b++) {
                long first = ((long) b * clients + client) * batch;
                List<String> accountEvents = new ArrayList<>();
                List<String> uploads = new ArrayList<>();
                for (long i = first; i < Math.min(total, first + batch); i++) {
                    int photo = (int) (i / every);
                    if (i % every == 0 && photo < photos) {
                        uploads.add(upload(photoIds.get(photo), account, deviceId, sessionId));
                    } else {
                        accountEvents.add(signIn(UUID.randomUUID(), UUID.randomUUID(), deviceId));
                    }
                }
                if (!accountEvents.isEmpty()) {
                    submit(baseUrl, SIGNER, accountEvents);
                }
                if (!uploads.isEmpty()) {
                    submit(baseUrl, SYNC_SIGNER, uploads);
                }
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT, "seeded %d entries in %.0f s (%.0f entries/s)%n", total, seconds, total / seconds);
        Files.writeString(
                out,
                "%s %.0f%n".formatted(photoIds.getLast(), total / seconds),
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    static void submit(String baseUrl, SourceTokenSigner signer, List<String> events) throws Exception {
        byte[] body = ("{\"events\":[" + String.join(",", events) + "]}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/log/entries"))
                .header("Content-Type", "application/json")
                .header("Authorization", signer.authorization(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("submission failed: " + response.statusCode() + " " + response.body());
        }
    }

    interface Client {
        void run(int share, int client) throws Exception;
    }

    /** Runs {@code work} split over {@code clients} threads; returns the wall time in seconds. */
    static double timed(int work, int clients, Client client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                int share = work / clients + (c < work % clients ? 1 : 0);
                done.add(pool.submit(() -> {
                    client.run(share, id);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow(); // a failed client must not keep the program alive
        }
    }

    static long[] sorted(ConcurrentLinkedQueue<Long> samples) {
        long[] all = samples.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(all);
        return all;
    }

    static String signIn(UUID id, UUID accountId, String deviceId) {
        return signIn(id, accountId, deviceId, UUID.randomUUID().toString());
    }

    static String signIn(UUID id, UUID accountId, String deviceId, String sessionId) {
        return """
            {"id":"%s","type":"SIGN_IN","source":"account-service","occurredAt":"%s","accountId":"%s",\
            "deviceId":"%s","sessionId":"%s",\
            "data":{"authMethod":"password","deviceFirstSeen":false},\
            "personal":{"ip":"203.0.113.7","ipCity":"Paris","ipLat":48.8566,"ipLon":2.3522,"userAgent":"PhotoSync/1.0"}}\
            """.formatted(id, Instant.now().truncatedTo(ChronoUnit.MILLIS), accountId, deviceId, sessionId);
    }

    static String upload(UUID photoId, UUID accountId, String deviceId, String sessionId) {
        return """
            {"id":"%s","type":"PHOTO_UPLOADED","source":"sync-service","occurredAt":"%s","accountId":"%s",\
            "deviceId":"%s","sessionId":"%s","photoId":"%s",\
            "data":{"sha256":"%s","bytes":2048}}\
            """.formatted(
                        UUID.randomUUID(),
                        Instant.now().truncatedTo(ChronoUnit.MILLIS),
                        accountId,
                        deviceId,
                        sessionId,
                        photoId,
                        "a".repeat(64));
    }
}
