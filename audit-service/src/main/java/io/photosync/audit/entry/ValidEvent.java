package io.photosync.audit.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;

/**
 * A submitted event that passed {@link EventValidator}: every field well-formed, scalar values only.
 *
 * @param occurredAt RFC 3339 UTC with exactly three fraction digits, as it enters the leaf
 */
public record ValidEvent(
        UUID id,
        String type,
        String source,
        String occurredAt,
        UUID accountId,
        String deviceId,
        UUID sessionId,
        UUID photoId,
        Map<String, JsonNode> data,
        Map<String, JsonNode> personal) {
    public ValidEvent {
        data = Map.copyOf(data);
        personal = Map.copyOf(personal);
    }
}
