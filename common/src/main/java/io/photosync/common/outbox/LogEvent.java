package io.photosync.common.outbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * One fact a source submits to the transparency log; the shape is the contract in docs/EVENTS.md.
 * {@code personal} values enter the log only as salted digests.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogEvent(
        UUID id,
        String type,
        String source,
        Instant occurredAt,
        UUID accountId,
        String deviceId,
        UUID sessionId,
        UUID photoId,
        Map<String, Object> data,
        Map<String, Object> personal) {

    public LogEvent {
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
        data = data == null ? Map.of() : Map.copyOf(data);
        personal = personal == null ? Map.of() : Map.copyOf(personal);
    }
}
