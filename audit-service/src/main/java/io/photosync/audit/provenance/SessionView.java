package io.photosync.audit.provenance;

import java.time.Instant;
import java.util.Optional;

/** A session as the log tells it: its sign-in entry and, if it ended, how. */
record SessionView(LoggedEvent signIn, LoggedEvent revocation) {

    Optional<Instant> endedAt(Instant now) {
        if (revocation != null) {
            return Optional.of(revocation.occurredAt());
        }
        return signIn.dataText("expiresAt").map(Instant::parse).filter(expiry -> !expiry.isAfter(now));
    }

    boolean activeAt(Instant instant) {
        if (instant.isBefore(signIn.occurredAt())) {
            return false;
        }
        if (revocation != null && !instant.isBefore(revocation.occurredAt())) {
            return false;
        }
        return signIn.dataText("expiresAt").map(Instant::parse).map(instant::isBefore).orElse(true);
    }

    String deviceName() {
        return signIn.text("deviceName").orElse("unnamed device");
    }

    Optional<String> deviceModel() {
        return signIn.text("deviceModel");
    }

    String place() {
        return Places.describe(signIn);
    }
}
