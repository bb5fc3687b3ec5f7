package io.photosync.audit.provenance;

import io.photosync.common.event.EventField;
import io.photosync.common.event.EventType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One log entry as provenance sees it: the event at {@code index}, with the clear values of its
 * personal fields that are still kept beside the log (an erased value is simply absent).
 */
public record LoggedEvent(
        long index,
        String type,
        Instant occurredAt,
        UUID accountId,
        String deviceId,
        UUID sessionId,
        UUID photoId,
        Map<String, Object> data,
        Map<String, Object> personal) {

    public LoggedEvent {
        data = data == null ? Map.of() : Map.copyOf(data);
        personal = personal == null ? Map.of() : Map.copyOf(personal);
    }

    public Optional<String> text(EventField personalField) {
        Object value = personal.get(personalField.key());
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    public Optional<Double> number(EventField personalField) {
        Object value = personal.get(personalField.key());
        if (value instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        try {
            return value == null ? Optional.empty() : Optional.of(Double.parseDouble(value.toString()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public Optional<String> dataText(EventField field) {
        Object value = data.get(field.key());
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    public boolean is(EventType eventType) {
        return type.equals(eventType.name());
    }
}
