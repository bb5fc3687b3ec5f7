import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import io.photosync.testsupport.TestPhotos;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Photo uploads ({@code POST /v1/photos}, multipart, each a distinct small JPEG with EXIF, a DPoP proof per request
 * from the uploading device, each device signed in at account-service) from N clients, against the raw rows the same
 * upload stores (photo, photo_change, photo_upload, outbox: one single-row INSERT each, one durable commit per upload)
 * written by N JDBC clients into sync-service's own database, in alternating rounds.
 * Usage: java -cp ... UploadBench.java accountUrl syncUrl syncJdbc resultFile clients uploadsPerRound rounds
 */
public class UploadBench {
    static final String PASSWORD = "bench upload password 42";
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Pattern TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");

    record Device(ECKey key, String token, String tokenHash) {}

    public static void main(String[] args) throws Exception {
        String accountUrl = args[0];
        String syncUrl = args[1];
        String jdbc = args[2];
        Path out = Path.of(args[3]);
        int clients = Integer.parseInt(args[4]);
        int perRound = Integer.parseInt(args[5]);
        int rounds = Integer.parseInt(args[6]);
        String login = "bench-" + UUID.randomUUID();
        Figures.post(
                accountUrl + "/v1/accounts",
                null,
                "{\"login\":\"" + login + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Bench\"}",
                201);
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ECKey key = new ECKeyGenerator(Curve.P_256).generate();
            String url = accountUrl + "/v1/sessions";
            String body = Figures.post(
                    url,
                    DpopProofs.proof(key, "POST", url, null),
                    "{\"login\":\"" + login + "\",\"password\":\"" + PASSWORD + "\",\"device\":{\"name\":\"Bench phone "
                            + i + "\",\"model\":\"Bench\",\"os\":\"Linux\",\"appVersion\":\"1.0\"}}",
                    201);
            Matcher m = TOKEN.matcher(body);
            m.find();
            String token = m.group(1);
            devices.add(new Device(
                    key,
                    token,
                    Base64URL.encode(MessageDigest.getInstance("SHA-256")
                                    .digest(token.getBytes(StandardCharsets.US_ASCII)))
                            .toString()));
        }
        int total = perRound * rounds;
        System.out.printf("making %d distinct JPEGs with EXIF%n", total);
        List<byte[]> photos = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            photos.add(TestPhotos.jpegWithExif("BenchCam", "B" + i, "2026:12:03 12:00:00", 48.85 + i * 1e-6, 2.35));
        }
        System.out.printf("JPEG size %d bytes%n", photos.get(0).length);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger nextPhoto = new AtomicInteger();
        String photosUrl = syncUrl + "/v1/photos";
        Upload send = (client, jpeg) -> {
            Device device = devices.get(client);
            String boundary = "bench" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream(jpeg.length + 300);
            body.writeBytes(
                    ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\n"
                                    + "Content-Type: image/jpeg\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(jpeg);
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            HttpRequest request = HttpRequest.newBuilder(URI.create(photosUrl))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Authorization", "DPoP " + device.token())
                    .header("DPoP", DpopProofs.proof(device.key(), "POST", photosUrl, device.tokenHash()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("upload: " + response.statusCode() + " " + response.body());
            }
        };
        Task upload = (client, n) -> send.upload(client, photos.get(nextPhoto.getAndIncrement()));
        // Warm-up photos are made as they go (the measured ones are made before): as many as WARMUP_SECONDS takes.
        AtomicInteger nextWarmUp = new AtomicInteger();
        Task warmUp = (client, n) -> {
            int w = nextWarmUp.getAndIncrement();
            send.upload(
                    client,
                    TestPhotos.jpegWithExif("BenchCam", "W" + w, "2026:12:03 11:00:00", 48.75 + w * 1e-6, 2.35));
        };
        Figures.warmUp(() -> run(pool, clients, perRound / 4, warmUp));
        String[] event;
        List<Connection> connections = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select event_type, event::text from outbox limit 1")) {
            rs.next();
            event = new String[] {rs.getString(1), rs.getString(2)};
        }
        for (int i = 0; i < clients; i++) {
            Connection c = DriverManager.getConnection(jdbc, "postgres", "");
            c.setAutoCommit(false);
            connections.add(c);
        }
        UUID account = UUID.randomUUID();
        Task raw = (client, n) -> {
            Connection c = connections.get(client);
            UUID photo = UUID.randomUUID();
            Timestamp now = new Timestamp(System.currentTimeMillis());
            try (PreparedStatement p = c.prepareStatement(
                            "insert into photo (id, account_id, sha256, bytes, media_type, taken_at, camera_make,"
                                    + " camera_model, lat, lon, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on"
                                    + " conflict on constraint photo_account_content do nothing");
                    PreparedStatement ch =
                            c.prepareStatement("insert into photo_change (account_id, photo_id, op, device_id, "
                                    + "session_id, changed_at) values (?, ?, 'added', ?, ?, ?) returning seq");
                    PreparedStatement u = c.prepareStatement(
                            "insert into photo_upload (id, photo_id, account_id, device_id, session_id, uploaded_at,"
                                + " client_ip, client_ref, new_photo, outbox_event_id) values (?, ?, ?, ?, ?, ?, ?, ?,"
                                + " ?, ?)");
                    PreparedStatement o = c.prepareStatement(
                            "insert into outbox (id, event_type, event, created_at) values (?, ?, ?::jsonb, ?)")) {
                p.setObject(1, photo);
                p.setObject(2, account);
                p.setString(
                        3,
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256")
                                        .digest(photo.toString().getBytes())));
                p.setLong(4, 2000);
                p.setString(5, "image/jpeg");
                p.setTimestamp(6, now);
                p.setString(7, "BenchCam");
                p.setString(8, "B" + n);
                p.setDouble(9, 48.85);
                p.setDouble(10, 2.35);
                p.setTimestamp(11, now);
                p.executeUpdate();
                String device = "bench-device-" + client;
                UUID session = new UUID(0, client);
                ch.setObject(1, account);
                ch.setObject(2, photo);
                ch.setString(3, device);
                ch.setObject(4, session);
                ch.setTimestamp(5, now);
                ch.executeQuery().close();
                UUID eventId = UUID.randomUUID();
                u.setObject(1, UUID.randomUUID());
                u.setObject(2, photo);
                u.setObject(3, account);
                u.setString(4, device);
                u.setObject(5, session);
                u.setTimestamp(6, now);
                u.setString(7, "127.0.0.1");
                u.setString(8, null);
                u.setBoolean(9, true);
                u.setObject(10, eventId);
                u.executeUpdate();
                o.setObject(1, eventId);
                o.setString(2, event[0]);
                o.setString(3, event[1]);
                o.setTimestamp(4, now);
                o.executeUpdate();
                c.commit();
            }
        };
        double uploads = 0, uploadSeconds = 0, rows = 0, rowSeconds = 0;
        Figures.mark("upload-start");
        for (int r = 0; r < rounds; r++) {
            double u = run(pool, clients, perRound, upload);
            double b = run(pool, clients, perRound, raw);
            uploads += perRound;
            uploadSeconds += u;
            rows += perRound;
            rowSeconds += b;
            System.out.printf(
                    "round %d: uploads %.1f/s, raw rows of an upload %.1f/s%n", r + 1, perRound / u, perRound / b);
        }
        Figures.mark("upload-end");
        pool.shutdown();
        for (Connection c : connections) {
            c.close();
        }
        Figures.record(
                out,
                "upload",
                uploads / uploadSeconds,
                "photos/s",
                rows / rowSeconds,
                "raw single-row INSERTs of photo, photo_change, photo_upload and outbox rows, one commit per upload,"
                        + " same clients",
                "≥ 1000 photos/s",
                "clients=" + clients + " perRound=" + perRound + " rounds=" + rounds + " jpeg=" + photos.get(0).length
                        + "B");
    }

    interface Task {
        void run(int client, int n) throws Exception;
    }

    interface Upload {
        void upload(int client, byte[] jpeg) throws Exception;
    }

    /** {@code count} tasks shared among {@code clients} threads; answers the seconds they took. */
    static double run(ExecutorService pool, int clients, int count, Task task) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            workers.add(pool.submit(() -> {
                for (int n; (n = next.getAndIncrement()) < count; ) {
                    task.run(client, n);
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
