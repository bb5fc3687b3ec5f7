package io.photosync.audit.support.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The account's sessions and devices as account-service's support overview gives them, flattened for the case
 * page; an active one carries the one-time token of its "Sign out" form.
 */
public record AccountView(List<SessionRow> sessions, List<DeviceRow> devices) {
    private static final String ACTIVE = "active";

    public record SessionRow(
            String id,
            String device,
            String place,
            String ip,
            String createdAt,
            String lastSeenAt,
            String status,
            String signOutToken) {}

    public record DeviceRow(
            String id,
            String name,
            String model,
            String firstSeenAt,
            String lastSeenAt,
            String status,
            long activeSessions,
            String signOutToken) {}

    static AccountView of(JsonNode overview, Supplier<String> tokens) {
        List<SessionRow> sessions = new ArrayList<>();
        for (JsonNode s : overview.path("sessions")) {
            String status = s.path("status").asText();
            JsonNode location = s.path("location");
            String place = String.join(
                    ", ", present(location.path("city"), location.path("region"), location.path("country")));
            sessions.add(new SessionRow(
                    s.path("sessionId").asText(),
                    s.at("/device/name").asText() + " (" + s.at("/device/model").asText() + ")",
                    place,
                    s.path("ip").asText(),
                    s.path("createdAt").asText(),
                    s.path("lastSeenAt").asText(),
                    status,
                    ACTIVE.equals(status) ? tokens.get() : null));
        }
        List<DeviceRow> devices = new ArrayList<>();
        for (JsonNode d : overview.path("devices")) {
            String status = d.path("status").asText();
            devices.add(new DeviceRow(
                    d.path("deviceId").asText(),
                    d.path("name").asText(),
                    d.path("model").asText(),
                    d.path("firstSeenAt").asText(),
                    d.path("lastSeenAt").asText(),
                    status,
                    d.path("activeSessions").asLong(),
                    ACTIVE.equals(status) ? tokens.get() : null));
        }
        return new AccountView(sessions, devices);
    }

    private static List<String> present(JsonNode... values) {
        List<String> texts = new ArrayList<>();
        for (JsonNode v : values) {
            if (v.isTextual() && !v.asText().isBlank()) {
                texts.add(v.asText());
            }
        }
        return texts;
    }
}
