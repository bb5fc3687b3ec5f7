package io.photosync.deviceauth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The sessions account-service has revoked, learnt from its revocation feed every second, so that
 * a revoked session is refused here within seconds instead of at token expiry. An id is kept for
 * {@code photosync.device-auth.revocation.retention}, longer than any access token of that session can live.
 * <p>
 * Each page is asked for signed ({@code application/jwt}) with a fresh nonce and must be an ES256 JWS
 * ({@code typ: revocations+jwt}) by a key of account-service's token key set ({@code keys} beside the feed URL,
 * the set access tokens are checked against), echoing our cursor and nonce, with a {@code revocations} array,
 * a {@code nextCursor} not below ours and {@code more}. Anything else is refused, and the feed is fresh only once a
 * poll has followed it to a page without {@code more}: behind is not fresh, nor is refused.
 * <p>
 * A revocation with {@code erasedAccountId} ended its session because the owner erased the account: it is also
 * fired as {@link AccountErased}, for sync-service to erase the account's photos.
 */
@ApplicationScoped
public class RevokedSessions {
    private static final Logger LOG = Logger.getLogger(RevokedSessions.class);
    private static final JOSEObjectType PAGE_TYPE = new JOSEObjectType("revocations+jwt");
    private static final int MAX_PAGES_PER_POLL = 100;

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Revocation(UUID sessionId, Instant revokedAt, UUID erasedAccountId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Page(List<Revocation> revocations, Long nextCursor, Boolean more, Long since, String nonce) {}

    /** A page that is not an authentic, well-formed continuation of what we have read. */
    static final class RefusedPage extends IOException {
        RefusedPage(String message) {
            super(message);
        }
    }

    @Inject
    DeviceAuthConfig config;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    Event<AccountErased> erasures;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final SecureRandom random = new SecureRandom();
    private final Map<UUID, Instant> revoked = new ConcurrentHashMap<>();
    private final Map<String, ECKey> keys = new ConcurrentHashMap<>();
    private volatile Long cursor;
    private volatile Instant lastSuccess;
    private volatile String refusal;
    private boolean failing;

    void loadAtStart(@Observes StartupEvent start) {
        poll();
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void poll() {
        try {
            boolean keysReloaded = false;
            boolean caughtUp = false;
            // Follow the feed until it has nothing more: after an outage one poll catches up.
            for (int n = 0; n < MAX_PAGES_PER_POLL && !caughtUp; n++) {
                String nonce = Base64URL.encode(nonceBytes()).toString();
                JWSObject signed = parse(fetch(config.revocation().feedUrl(), nonce, "application/jwt"));
                ECKey key = keys.get(signed.getHeader().getKeyID());
                if (key == null && !keysReloaded) {
                    loadKeys();
                    keysReloaded = true;
                    key = keys.get(signed.getHeader().getKeyID());
                }
                if (key == null) {
                    throw new RefusedPage("page signed by key "
                            + signed.getHeader().getKeyID() + ", not one account-service publishes");
                }
                if (!signed.verify(new ECDSAVerifier(key))) {
                    throw new RefusedPage("page signature is invalid");
                }
                Page page = checked(signed.getPayload().toBytes(), nonce);
                Instant oldestKept = Instant.now().minus(config.revocation().retention());
                for (Revocation r : page.revocations()) {
                    if (r.revokedAt().isAfter(oldestKept)) {
                        revoked.put(r.sessionId(), r.revokedAt());
                    }
                    if (r.erasedAccountId() != null) {
                        erasures.fire(new AccountErased(r.erasedAccountId()));
                    }
                }
                cursor = page.nextCursor();
                caughtUp = !page.more();
            }
            revoked.values()
                    .removeIf(at ->
                            at.isBefore(Instant.now().minus(config.revocation().retention())));
            if (!caughtUp) {
                throw new IOException("still behind after " + MAX_PAGES_PER_POLL + " pages (at cursor " + cursor + ")");
            }
            if (failing) {
                LOG.infof(
                        "revocation feed %s readable again", config.revocation().feedUrl());
                failing = false;
            }
            refusal = null;
            lastSuccess = Instant.now();
        } catch (IOException | JOSEException | RuntimeException e) {
            if (e instanceof RefusedPage) {
                refusal = e.getMessage();
            }
            // Once per outage, not every second.
            if (!failing) {
                LOG.warnf(
                        "revocation feed %s not readable (device requests are refused %s): %s",
                        config.revocation().feedUrl(),
                        e instanceof RefusedPage
                                ? "at once"
                                : "after " + config.revocation().maxStaleness(),
                        e.toString());
                failing = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private byte[] nonceBytes() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return bytes;
    }

    private static JWSObject parse(byte[] body) throws RefusedPage {
        JWSObject signed;
        try {
            signed = JWSObject.parse(new String(body, StandardCharsets.US_ASCII).strip());
        } catch (ParseException e) {
            throw new RefusedPage("page is not a compact JWS");
        }
        JWSHeader header = signed.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())
                || !PAGE_TYPE.equals(header.getType())
                || header.getKeyID() == null) {
            throw new RefusedPage("page header is not ES256, typ revocations+jwt, with a kid");
        }
        return signed;
    }

    /** The page's JSON, refused unless it is a well-formed continuation of our cursor answering our nonce. */
    private Page checked(byte[] payload, String nonce) throws RefusedPage {
        Page page;
        try {
            page = objectMapper.readValue(payload, Page.class);
        } catch (IOException e) {
            throw new RefusedPage(
                    "page is not a revocation page: " + e.getClass().getSimpleName());
        }
        if (page.revocations() == null || page.nextCursor() == null || page.more() == null) {
            throw new RefusedPage("page lacks revocations, nextCursor or more");
        }
        if (page.revocations().stream().anyMatch(r -> r == null || r.sessionId() == null || r.revokedAt() == null)) {
            throw new RefusedPage("page has a revocation without sessionId or revokedAt");
        }
        if (!nonce.equals(page.nonce()) || !Objects.equals(cursor, page.since())) {
            throw new RefusedPage("page answers another request (nonce or since differ): replayed");
        }
        if (cursor != null && page.nextCursor() < cursor) {
            throw new RefusedPage("page's nextCursor " + page.nextCursor() + " is below ours, " + cursor);
        }
        if (page.more() && page.revocations().isEmpty()) {
            throw new RefusedPage("page says there is more but has no revocations");
        }
        return page;
    }

    /** account-service's published token keys, from {@code keys} beside the feed URL ({@code /v1/keys}). */
    private void loadKeys() throws IOException, InterruptedException {
        try {
            JWKSet set = JWKSet.parse(new String(
                    fetch(config.revocation().feedUrl().resolve("keys"), null, "application/json"),
                    StandardCharsets.UTF_8));
            keys.clear();
            set.getKeys().stream()
                    .filter(k -> k instanceof ECKey && k.getKeyID() != null)
                    .forEach(k -> keys.put(k.getKeyID(), (ECKey) k));
        } catch (ParseException e) {
            throw new IOException("account-service's key set is not a JWKS", e);
        }
    }

    private byte[] fetch(URI base, String nonce, String accept) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder();
        if (nonce != null) {
            query.append("nonce=").append(nonce);
            if (cursor != null) {
                query.append("&since=").append(cursor);
            }
        }
        URI uri = query.isEmpty() ? base : URI.create(base + (base.getQuery() == null ? "?" : "&") + query);
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(2))
                        .header("Accept", accept)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + base);
        }
        return response.body();
    }

    /**
     * Whether the feed was followed to its end recently enough, and its last page not refused, for {@link #isRevoked}
     * to be trusted.
     */
    public boolean isFresh() {
        Instant last = lastSuccess;
        return refusal == null
                && last != null
                && last.isAfter(Instant.now().minus(config.revocation().maxStaleness()));
    }

    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    /** Why the last page was refused, while it is. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    public boolean isRevoked(UUID sessionId) {
        return revoked.containsKey(sessionId);
    }
}
