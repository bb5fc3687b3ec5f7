package io.photosync.account.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.photosync.account.LogContract;
import io.photosync.testsupport.TestSourceKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for audit-service's {@code POST /v1/log/entries} on 127.0.0.1: it accepts a batch only when every
 * event keeps the log's limits ({@link LogContract}, as EventValidator checks them) and refuses the whole batch
 * with 400 otherwise, as the real log does; the relay of the application under test is pointed at it.
 */
public class RefusingLog implements QuarkusTestResourceLifecycleManager {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> ACCEPTED_IDS = new CopyOnWriteArrayList<>();
    static final List<String> REFUSALS = new CopyOnWriteArrayList<>();
    private static final AtomicLong NEXT_INDEX = new AtomicLong();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/log/entries", RefusingLog::entries);
        server.start();
        return Map.of(
                "photosync.outbox.audit-url",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "photosync.outbox.source-key",
                TestSourceKeys.ACCOUNT_SERVICE_PRIVATE_JWK,
                // the test drives the relay itself (relayDue); the schedule stays out of its way
                "photosync.outbox.relay.every",
                "1h");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void entries(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (body == null
                    || !exchange.getRequestMethod().equals("POST")
                    || exchange.getRequestHeaders().getFirst("Authorization") == null
                    || !body.path("events").isArray()) {
                answer(exchange, 401, "{\"status\":401}");
                return;
            }
            JsonNode events = body.get("events");
            for (int i = 0; i < events.size(); i++) {
                String violation = LogContract.violation(events.get(i));
                if (violation != null) {
                    String detail = "events[" + i + "]: " + violation;
                    REFUSALS.add(events.get(i).path("id").asText() + " " + detail);
                    answer(
                            exchange,
                            400,
                            JSON.writeValueAsString(Map.of(
                                    "type", "urn:photosync:problem:invalid-event", "status", 400, "detail", detail)));
                    return;
                }
            }
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode entries = answer.putArray("entries");
            for (JsonNode e : events) {
                ACCEPTED_IDS.add(e.path("id").asText());
                entries.addObject()
                        .put("id", e.path("id").asText())
                        .put("index", NEXT_INDEX.getAndIncrement())
                        .put("leafHash", Base64.getEncoder().encodeToString(new byte[32]));
            }
            answer(exchange, 200, JSON.writeValueAsString(answer));
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
