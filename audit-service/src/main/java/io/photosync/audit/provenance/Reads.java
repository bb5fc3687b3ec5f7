package io.photosync.audit.provenance;

import io.photosync.common.event.EventField;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every personal value the analysis reads goes through here, and is thereby disclosed in the report's evidence:
 * what a finding, the prose or the chain says, or what decided that a finding is absent, is then checkable by the
 * offline verifier, which reads the same values in the same way.
 */
final class Reads {
    private final Map<Long, Set<String>> disclosed = new LinkedHashMap<>();

    Optional<String> text(LoggedEvent e, EventField field) {
        record(e, field);
        return e.text(field);
    }

    Optional<Double> number(LoggedEvent e, EventField field) {
        record(e, field);
        return e.number(field);
    }

    private void record(LoggedEvent e, EventField field) {
        if (e.personal().containsKey(field.key())) {
            disclosed.computeIfAbsent(e.index(), i -> new LinkedHashSet<>()).add(field.key());
        }
    }

    /** Log index → personal fields read, in the order first read. */
    Map<Long, Set<String>> disclosed() {
        return disclosed;
    }
}
