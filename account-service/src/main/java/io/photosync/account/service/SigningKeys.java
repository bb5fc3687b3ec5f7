package io.photosync.account.service;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.photosync.account.config.AccountConfig;
import io.photosync.account.model.SigningKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The access-token signing keys, kept in the database so they survive restarts and are the same on
 * every replica. A new key is published {@code publish-ahead} before it starts signing; the JWKS
 * serves the upcoming key, the current one and the previous one. Older keys are deleted.
 */
@ApplicationScoped
@Startup
public class SigningKeys {
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    /** Serialises rotation across replicas. */
    private static final long ROTATION_LOCK = 0x5369676e4b6579L;

    private static final long MIN_RELOAD_INTERVAL_MS = 2000;

    @Inject
    AccountConfig config;

    @Inject
    EntityManager em;

    private record Entry(String kid, ECKey key, Instant activatesAt) {}

    /** Newest activation first. */
    private volatile List<Entry> keys = List.of();
    /** Why each stored key that could not be used was refused (unreadable, or plain under a wrapping key). */
    private volatile List<String> refusals = List.of();

    private volatile long loadedAtMillis;

    private SigningKeyWrapping wrapping;

    @jakarta.annotation.PostConstruct
    void start() {
        wrapping = new SigningKeyWrapping(config.keys().wrappingKey());
        if (!wrapping.encrypts()) {
            LOG.warn("account.keys.wrapping-key is not set: private signing keys are stored unencrypted in the"
                    + " database");
        }
        maintain();
    }

    /** Creates the first key, or the next one when rotation is due, then reloads. Safe on many replicas at once. */
    @Scheduled(every = "${account.keys.check-every:60s}", delayed = "${account.keys.check-every:60s}")
    public synchronized void maintain() {
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            lockRotation();
            List<SigningKey> stored = SigningKey.list("order by activatesAt desc");
            Optional<SigningKey> current =
                    stored.stream().filter(k -> !k.activatesAt.isAfter(now)).findFirst();
            boolean pending = stored.stream().anyMatch(k -> k.activatesAt.isAfter(now));
            if (current.isEmpty() && !pending) {
                persistNewKey(now, now);
            } else if (!pending
                    && current.isPresent()
                    && !current.get()
                            .activatesAt
                            .plus(config.keys().rotationPeriod())
                            .minus(config.keys().publishAhead())
                            .isAfter(now)) {
                persistNewKey(now, now.plus(config.keys().publishAhead()));
            }
            deleteRetired(now);
        });
        reload();
    }

    /** Rotates now: a new key signs from this moment; the one it replaces stays published as the previous key. */
    public synchronized String rotateNow() {
        Instant now = Instant.now();
        String kid = QuarkusTransaction.requiringNew().call(() -> {
            lockRotation();
            String created = persistNewKey(now, now);
            deleteRetired(now);
            return created;
        });
        reload();
        return kid;
    }

    /** Forgets the in-memory keys and reads them again from the database (what a restart does). */
    public synchronized void reload() {
        List<SigningKey> stored = QuarkusTransaction.requiringNew()
                .call(() -> SigningKey.<SigningKey>list("order by activatesAt desc, createdAt desc"));
        List<Entry> loaded = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (SigningKey k : stored) {
            try {
                loaded.add(new Entry(k.kid, ECKey.parse(wrapping.unwrap(k.kid, k.privateJwk)), k.activatesAt));
            } catch (ParseException | GeneralSecurityException e) {
                LOG.errorf("signing key %s cannot be used (%s); skipped, readiness DOWN", k.kid, e.getMessage());
                refused.add(k.kid + ": " + e.getMessage());
            }
        }
        keys = List.copyOf(loaded);
        refusals = List.copyOf(refused);
        loadedAtMillis = System.currentTimeMillis();
    }

    /** The key that signs now. */
    public ECKey signingKey() {
        Instant now = Instant.now();
        return keys.stream()
                .filter(e -> !e.activatesAt.isAfter(now))
                .findFirst()
                .map(Entry::key)
                .orElseThrow(() -> new IllegalStateException("no signing key loaded"));
    }

    /**
     * A compact ES256 JWS of {@code payload} by the key that signs now, its {@code kid} and {@code typ} in the header.
     */
    public String sign(JOSEObjectType type, Payload payload) {
        ECKey key = signingKey();
        try {
            JWSObject jws = new JWSObject(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(type)
                            .keyID(key.getKeyID())
                            .build(),
                    payload);
            jws.sign(new ECDSASigner(key));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign " + type, e);
        }
    }

    /** One line per stored key that is neither signed with nor published, naming it and why. */
    public List<String> refusals() {
        return refusals;
    }

    public boolean ready() {
        Instant now = Instant.now();
        return keys.stream().anyMatch(e -> !e.activatesAt.isAfter(now));
    }

    /** Public keys of the upcoming, current and previous key. */
    public JWKSet published() {
        return new JWKSet(publishedEntries().stream()
                .map(e -> (com.nimbusds.jose.jwk.JWK) e.key.toPublicJWK())
                .toList());
    }

    /** The published key with this id; reloads (at most every two seconds) when another replica may have added it. */
    public Optional<ECKey> verificationKey(String kid) {
        Optional<ECKey> key = findPublished(kid);
        if (key.isEmpty() && System.currentTimeMillis() - loadedAtMillis > MIN_RELOAD_INTERVAL_MS) {
            reload();
            key = findPublished(kid);
        }
        return key;
    }

    private Optional<ECKey> findPublished(String kid) {
        return publishedEntries().stream()
                .filter(e -> e.kid.equals(kid))
                .map(e -> e.key.toPublicJWK())
                .findFirst();
    }

    private List<Entry> publishedEntries() {
        Instant now = Instant.now();
        List<Entry> all = keys;
        List<Entry> published = new ArrayList<>();
        int activeSeen = 0;
        for (Entry e : all) {
            if (e.activatesAt.isAfter(now)) {
                published.add(e);
            } else if (activeSeen++ < 2) {
                published.add(e);
            }
        }
        return published;
    }

    private void lockRotation() {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) l")
                .setParameter(1, ROTATION_LOCK)
                .getSingleResult();
    }

    private String persistNewKey(Instant now, Instant activatesAt) {
        try {
            String kid = now.truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "") + "-"
                    + java.util.UUID.randomUUID().toString().substring(0, 8);
            ECKey key = new ECKeyGenerator(Curve.P_256)
                    .keyID(kid)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
            SigningKey row = new SigningKey();
            row.kid = kid;
            row.privateJwk = wrapping.wrap(kid, key.toJSONString());
            row.createdAt = now;
            row.activatesAt = activatesAt;
            row.persist();
            LOG.infof("new access-token signing key %s, signing from %s", kid, activatesAt);
            return kid;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes keys older than the previous one: tokens they signed have expired long ago. */
    private void deleteRetired(Instant now) {
        em.flush();
        List<SigningKey> active = SigningKey.list("activatesAt <= ?1 order by activatesAt desc, createdAt desc", now);
        active.stream().skip(2).forEach(SigningKey::delete);
    }
}
