package io.photosync.audit.provenance;

import static io.photosync.common.event.EventField.*;

import java.time.Instant;
import java.util.Optional;

/** A session as the log tells it: its sign-in entry and, if it ended, how. */
record SessionView(LoggedEvent signIn, LoggedEvent revocation) {

    /**
     * When the session ended, if it had by {@code asOf}: its revocation, or its expiry if that is not after {@code
     * asOf}.
     */
    Optional<Instant> endedAt(Instant asOf) {
        if (revocation != null) {
            return Optional.of(revocation.occurredAt());
        }
        return signIn.dataText(EXPIRES_AT).map(Instant::parse).filter(expiry -> !expiry.isAfter(asOf));
    }

    boolean activeAt(Instant instant) {
        if (instant.isBefore(signIn.occurredAt())) {
            return false;
        }
        if (revocation != null && !instant.isBefore(revocation.occurredAt())) {
            return false;
        }
        return signIn.dataText(EXPIRES_AT)
                .map(Instant::parse)
                .map(instant::isBefore)
                .orElse(true);
    }

    String deviceName(Reads reads) {
        return reads.text(signIn, DEVICE_NAME).orElse("unnamed device");
    }

    Optional<String> deviceModel(Reads reads) {
        return reads.text(signIn, DEVICE_MODEL);
    }

    String place(Reads reads) {
        return Places.describe(reads, signIn);
    }
}
