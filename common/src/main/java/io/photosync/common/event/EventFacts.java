package io.photosync.common.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code data} and {@code personal} of one event being built: each value goes where its field says, and an
 * absent value is left out, never written as null (docs/EVENTS.md).
 */
public final class EventFacts {
    private final EventType type;
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> personal = new LinkedHashMap<>();

    EventFacts(EventType type) {
        this.type = type;
    }

    /** Adds {@code value} under {@code field} unless it is null; a field the type lacks is a programming error. */
    public EventFacts put(EventField field, Object value) {
        if (!type.fields().contains(field)) {
            throw new IllegalArgumentException(type + " has no field " + field.key());
        }
        if (value != null) {
            (field.personal() ? personal : data).put(field.key(), value);
        }
        return this;
    }

    public EventType type() {
        return type;
    }

    public Map<String, Object> data() {
        return Map.copyOf(data);
    }

    public Map<String, Object> personal() {
        return Map.copyOf(personal);
    }
}
