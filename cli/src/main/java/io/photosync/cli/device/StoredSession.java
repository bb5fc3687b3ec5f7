package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;

/** The tokens of this device's current sign-in, as kept in its folder (mode 0600). */
public record StoredSession(
        String login, String sessionId, String accessToken, String refreshToken, String accessTokenExpiresAt) {

    /** True when the access token is no longer valid at {@code instant} (or its expiry is unknown). */
    public boolean accessTokenExpiresBefore(Instant instant) {
        return accessTokenExpiresAt == null
                || !Instant.parse(accessTokenExpiresAt).isAfter(instant);
    }

    /**
     * The account this session signed in to: the {@code sub} of the access token account-service issued to this
     * device (read, not verified: it is this device's own token, and the services verify it on every call).
     */
    public String accountId() {
        String[] parts = accessToken.split("\\.");
        try {
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts.length == 3 ? parts[1] : ""));
            if (claims != null && claims.path("sub").isTextual()) {
                return claims.get("sub").asText();
            }
        } catch (IOException | IllegalArgumentException e) {
            // said below
        }
        throw new CliFailure("the stored access token names no account (sub): sign in again with 'login'");
    }
}
