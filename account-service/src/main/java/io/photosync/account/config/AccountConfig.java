package io.photosync.account.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything account-service reads from configuration under {@code account.}. */
@ConfigMapping(prefix = "account")
public interface AccountConfig {

    /** Public URL of this service: the {@code iss} of its tokens and the base of discovery URLs. */
    @WithDefault("http://localhost:8081")
    String issuer();

    /** The {@code aud} of access tokens: the services that accept them. */
    @WithDefault("photosync")
    String audience();

    AccessToken accessToken();

    Session session();

    Keys keys();

    Dpop dpop();

    Geoip geoip();

    Alerts alerts();

    Throttle throttle();

    Revocations revocations();

    Support support();

    interface AccessToken {
        /** At most five minutes (the contract). */
        @WithDefault("PT5M")
        Duration lifetime();
    }

    interface Session {
        /** Absolute lifetime of a session; refreshing does not extend it. */
        @WithDefault("P30D")
        Duration lifetime();
    }

    interface Keys {
        /** How long one key signs before the next one takes over. */
        @WithDefault("P7D")
        Duration rotationPeriod();

        /**
         * How long a new key is published in the JWKS before it signs, so verifiers that cache the
         * JWKS know it before they meet it. Keep it longer than the verifiers' JWKS cache time.
         */
        @WithDefault("PT15M")
        Duration publishAhead();

        /**
         * Base64 AES-256 key (from a Secret) that encrypts private signing keys in the database;
         * without it they are stored unencrypted.
         */
        Optional<String> wrappingKey();

        /** How often each replica checks whether rotation is due and reloads the keys (read by the scheduler). */
        @WithDefault("60s")
        String checkEvery();
    }

    interface Dpop {
        @WithDefault("PT60S")
        Duration iatWindow();

        @WithDefault("false")
        boolean nonceRequired();

        /** Base64 secret of at least 32 bytes shared by all replicas; random per process when absent. */
        Optional<String> nonceSecret();

        /** A nonce is valid for this slot and the next. */
        @WithDefault("PT5M")
        Duration nonceSlot();
    }

    interface Geoip {
        /** Path of a GeoIP2/GeoLite2 City {@code .mmdb}; without it no address gets a location. */
        Optional<String> database();
    }

    interface Alerts {
        /** Two active sessions farther apart than this raise CONCURRENT_SESSIONS_FAR_APART. */
        @WithDefault("500")
        double farApartKm();

        /**
         * A refresh token shown with another device key raises at most one REFRESH_TOKEN_WRONG_KEY alert and event per
         * session within this window: whoever copied the token can replay it at will, and each attempt would otherwise
         * grow the log and the owner's alert list. Every attempt is still refused and counted in a metric.
         */
        @WithDefault("PT1H")
        Duration wrongKeyWindow();
    }

    interface Throttle {
        @WithDefault("PT15M")
        Duration window();

        /**
         * Attempts for one login within the window (counted before the password is checked, cleared by a correct one)
         * before further attempts are refused.
         */
        @WithDefault("5")
        int perLogin();

        /**
         * Attempts from one client IP within the window (counted like per-login ones; not applied to a device already
         * signed in to the login) before further attempts are refused.
         */
        @WithDefault("20")
        int perIp();
    }

    interface Revocations {
        /** Added to the access-token lifetime to decide which revocations the feed shows without a cursor. */
        @WithDefault("PT60S")
        Duration margin();
    }

    interface Support {
        /**
         * Public P-256 JWK (JSON) of audit-service's support key: the support API (docs/SUPPORT.md) accepts only
         * Source tokens it signed. Without it the support API answers 503.
         */
        Optional<String> auditPublicKey();
    }
}
