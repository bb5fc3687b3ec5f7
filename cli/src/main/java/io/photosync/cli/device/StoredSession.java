package io.photosync.cli.device;

import java.time.Instant;

/** The tokens of this device's current sign-in, as kept in its folder (mode 0600). */
public record StoredSession(String login, String sessionId, String accessToken, String refreshToken, String accessTokenExpiresAt) {

    /** True when the access token is no longer valid at {@code instant} (or its expiry is unknown). */
    public boolean accessTokenExpiresBefore(Instant instant) {
        return accessTokenExpiresAt == null || !Instant.parse(accessTokenExpiresAt).isAfter(instant);
    }
}
