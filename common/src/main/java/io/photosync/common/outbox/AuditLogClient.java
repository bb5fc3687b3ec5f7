package io.photosync.common.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.common.source.SourceTokenSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Submits a batch of outbox events to audit-service ({@code POST /v1/log/entries}) with a source token
 * bound to the exact body, and reads the indexes the log assigned.
 */
final class AuditLogClient {
    /** audit-service refuses bodies above 1 MiB. */
    static final int MAX_BODY_BYTES = 1 << 20;

    static final int MAX_EVENTS = 500;
    private static final byte[] PREFIX = "{\"events\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SUFFIX = "]}".getBytes(StandardCharsets.UTF_8);
    private static final int MAX_ERROR_LENGTH = 500;

    sealed interface Outcome {}

    /** The log durably holds every event; acknowledgements in request order. */
    record Accepted(List<OutboxStore.Acknowledgement> acks) implements Outcome {}

    /** The log refused the batch as invalid (nothing written); sending it again cannot help. */
    record Refused(int status, String detail) implements Outcome {}

    /** Not acknowledged (unreachable, 5xx, 401, timeout, an answer we cannot read): try again later. */
    record Failed(String reason) implements Outcome {}

    private final HttpClient http;
    private final URI entriesUri;
    private final SourceTokenSigner signer;
    private final Duration timeout;
    private final ObjectMapper json;

    AuditLogClient(URI auditUrl, SourceTokenSigner signer, Duration timeout, ObjectMapper json) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.entriesUri = auditUrl.resolve("/v1/log/entries");
        this.signer = signer;
        this.timeout = timeout;
        this.json = json;
    }

    /** Size of the request body holding these events (the events are joined by commas). */
    static int bodySize(List<Integer> eventSizes) {
        int size = PREFIX.length + SUFFIX.length + Math.max(0, eventSizes.size() - 1);
        for (int s : eventSizes) {
            size += s;
        }
        return size;
    }

    Outcome submit(List<OutboxStore.PendingRow> rows) {
        byte[] body = body(rows);
        HttpRequest request = HttpRequest.newBuilder(entriesUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", signer.authorization(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Failed("audit-service unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed("interrupted");
        }
        int status = response.statusCode();
        if (status == 200) {
            return readAcknowledgements(rows, response.body());
        }
        if (refuses(status)) {
            return new Refused(status, shorten(response.body()));
        }
        return new Failed("audit-service answered " + status + ": " + shorten(response.body()));
    }

    /**
     * Whether an answer refuses the events themselves, so that sending them again cannot help: 400 (invalid,
     * docs/EVENTS.md "Submitting"), 409 (an id already logged with other content), 413 (too large), 422.
     * Every other status is the log's or the link's state, not the events' fault (401/403 source token,
     * 404/405 a wrong URL, 408/429 timeouts and throttling, 5xx): the events wait and are sent again.
     */
    static boolean refuses(int status) {
        return status == 400 || status == 409 || status == 413 || status == 422;
    }

    private static byte[] body(List<OutboxStore.PendingRow> rows) {
        StringBuilder b = new StringBuilder(new String(PREFIX, StandardCharsets.UTF_8));
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(rows.get(i).eventJson());
        }
        return b.append(new String(SUFFIX, StandardCharsets.UTF_8)).toString().getBytes(StandardCharsets.UTF_8);
    }

    private Outcome readAcknowledgements(List<OutboxStore.PendingRow> rows, String body) {
        try {
            JsonNode entries = json.readTree(body).path("entries");
            if (!entries.isArray() || entries.size() != rows.size()) {
                return new Failed("audit-service acknowledged " + entries.size() + " of " + rows.size() + " events");
            }
            List<OutboxStore.Acknowledgement> acks = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                JsonNode e = entries.get(i);
                UUID id = UUID.fromString(e.path("id").asText());
                if (!id.equals(rows.get(i).id())
                        || !e.path("index").canConvertToLong()
                        || !e.path("leafHash").isTextual()) {
                    return new Failed("audit-service acknowledgement " + i + " does not match event "
                            + rows.get(i).id());
                }
                acks.add(new OutboxStore.Acknowledgement(
                        id, e.path("index").asLong(), e.path("leafHash").asText()));
            }
            return new Accepted(acks);
        } catch (IOException | IllegalArgumentException e) {
            return new Failed("unreadable acknowledgement from audit-service: " + e.getMessage());
        }
    }

    private static String shorten(String s) {
        return s.length() <= MAX_ERROR_LENGTH ? s : s.substring(0, MAX_ERROR_LENGTH) + "…";
    }
}
