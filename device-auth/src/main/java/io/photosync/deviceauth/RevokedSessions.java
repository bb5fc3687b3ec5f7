package io.photosync.deviceauth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions account-service has revoked, learnt from its revocation feed every second, so that
 * a revoked session is refused here within seconds instead of at token expiry. An id is kept for
 * {@code photosync.device-auth.revocation.retention}, longer than any access token of that session can live.
 */
@ApplicationScoped
public class RevokedSessions {
    private static final Logger LOG = Logger.getLogger(RevokedSessions.class);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Revocation(UUID sessionId, Instant revokedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Page(List<Revocation> revocations, String nextCursor) {
    }

    @Inject
    DeviceAuthConfig config;
    @Inject
    ObjectMapper objectMapper;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<UUID, Instant> revoked = new ConcurrentHashMap<>();
    private volatile String cursor;
    private volatile Instant lastSuccess;
    private boolean failing;

    void loadAtStart(@Observes StartupEvent start) {
        poll();
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void poll() {
        try {
            // Follow the feed until it has nothing more: after an outage one poll catches up.
            for (int page = 0; page < 100; page++) {
                Page answer = fetch();
                Instant oldestKept = Instant.now().minus(config.revocation().retention());
                if (answer.revocations() != null) {
                    for (Revocation r : answer.revocations()) {
                        if (r.sessionId() != null && r.revokedAt() != null && r.revokedAt().isAfter(oldestKept)) {
                            revoked.put(r.sessionId(), r.revokedAt());
                        }
                    }
                }
                boolean more = answer.nextCursor() != null && !answer.nextCursor().equals(cursor)
                        && answer.revocations() != null && !answer.revocations().isEmpty();
                if (answer.nextCursor() != null) {
                    cursor = answer.nextCursor();
                }
                if (!more) {
                    break;
                }
            }
            revoked.values().removeIf(at -> at.isBefore(Instant.now().minus(config.revocation().retention())));
            if (failing) {
                LOG.infof("revocation feed %s readable again", config.revocation().feedUrl());
                failing = false;
            }
            lastSuccess = Instant.now();
        } catch (IOException | RuntimeException e) {
            // Once per outage, not every second.
            if (!failing) {
                LOG.warnf("revocation feed %s not readable (device requests are refused after %s): %s",
                        config.revocation().feedUrl(), config.revocation().maxStaleness(), e.toString());
                failing = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Page fetch() throws IOException, InterruptedException {
        URI base = config.revocation().feedUrl();
        URI uri = cursor == null ? base
                : URI.create(base + (base.getQuery() == null ? "?" : "&") + "since="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return objectMapper.readValue(response.body(), Page.class);
    }

    /** Whether the feed was read recently enough for {@link #isRevoked} to be trusted. */
    public boolean isFresh() {
        Instant last = lastSuccess;
        return last != null && last.isAfter(Instant.now().minus(config.revocation().maxStaleness()));
    }

    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    public boolean isRevoked(UUID sessionId) {
        return revoked.containsKey(sessionId);
    }
}
