package io.photosync.sync.feed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.photosync.testsupport.AccountServiceResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The real account-service behind a relay on 127.0.0.1, which sync-service takes for account-service's revocation
 * feed and key set: it passes every request through, unless a test has told it to answer the feed itself (a
 * forgery, given the query the poller sent).
 */
public class FeedRelay implements QuarkusTestResourceLifecycleManager {
    /** The relay's answer to a feed request, given its query; null: pass it to account-service. */
    private static volatile Function<Map<String, String>, Forged> forgery;

    public record Forged(String contentType, String body) {}

    private final AccountServiceResource account = new AccountServiceResource();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;
    private static volatile String accountUrl;

    public static void forge(Function<Map<String, String>, Forged> answer) {
        forgery = answer;
    }

    public static void relay() {
        forgery = null;
    }

    /** account-service itself, not through the relay. */
    public static String accountUrl() {
        return accountUrl;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(account.start());
        accountUrl = config.get(AccountServiceResource.ACCOUNT_URL);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/", this::answer);
        server.start();
        config.put(
                "photosync.device-auth.revocation.feed-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/revocations");
        return config;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Function<Map<String, String>, Forged> forging = forgery;
            if (forging != null && uri.getPath().equals("/v1/revocations")) {
                Forged forged = forging.apply(query(uri.getRawQuery()));
                send(exchange, 200, forged.contentType(), forged.body().getBytes());
                return;
            }
            HttpResponse<InputStream> real = http.send(
                    HttpRequest.newBuilder(URI.create(accountUrl + uri))
                            .header("Accept", exchange.getRequestHeaders().getFirst("Accept"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = real.body()) {
                send(
                        exchange,
                        real.statusCode(),
                        real.headers().firstValue("Content-Type").orElse("application/octet-stream"),
                        body.readAllBytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                params.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return params;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        account.stop();
    }
}
