package io.photosync.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, the request target sent byte for byte: REST Assured and {@link
 * java.net.http.HttpClient}
 * encode or refuse targets such as {@code /v1/x|y} or {@code /v1/%zz}, which is exactly what a hostile client sends.
 */
public final class RawHttp {
    /** Status, headers (names lower-cased) and body of one answer. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Endings that make a request target one {@link java.net.URI} refuses: a character RFC 3986 does not allow
     * ({@code |}, braces), a {@code %} not followed by two hex digits, in the path and in the query.
     */
    public static final java.util.List<String> MALFORMED_TARGET_ENDINGS =
            java.util.List.of("|x", "%7", "%zz", "%", "?a={b}", "?q=%zz", "?q=|");

    private RawHttp() {}

    /**
     * Throws unless {@code answer} is an RFC 9457 problem with {@code status} whose body names nothing of the server:
     * no Java or Jackson type, none of our classes, no file path.
     */
    public static void assertCleanProblem(Answer answer, int status, String what) {
        String where = what + ": " + answer;
        if (answer.status() != status) {
            throw new AssertionError("expected " + status + ", " + where);
        }
        if (answer.header("content-type") == null
                || !answer.header("content-type").startsWith("application/problem+json")) {
            throw new AssertionError("not a problem body, " + where);
        }
        if (!answer.body().contains("\"status\":" + status)) {
            throw new AssertionError("the problem does not carry its status, " + where);
        }
        for (String leak : java.util.List.of(
                "java.",
                "javax.",
                "jakarta.",
                "com.fasterxml",
                "io.photosync",
                "io.quarkus",
                "io.vertx",
                "Exception",
                "/tmp/",
                "/work/",
                "/home/",
                "/root/",
                "target/",
                "data/photos")) {
            if (answer.body().contains(leak)) {
                throw new AssertionError("the problem names " + leak + ", " + where);
            }
        }
    }

    /** Sends {@code method target} with {@code headers} (one {@code Name: value} each) and no body. */
    public static Answer send(int port, String method, String target, String... headers) throws IOException {
        return send(port, method, target, new byte[0], headers);
    }

    public static Answer send(int port, String method, String target, byte[] body, String... headers)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method)
                    .append(' ')
                    .append(target)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:")
                    .append(port)
                    .append("\r\nConnection: close\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            if (body.length > 0) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the server may answer (413) and close before it has read all of a large body
            }
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // a reset after the answer (the server closed with our body unread): keep what arrived
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        String raw = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            raw = unchunk(raw);
        }
        String body = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
