package io.photosync.common.outbox;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The writer refuses an event the log would refuse before it touches the database, with the error the callers fail on.
 */
class OutboxWriterTest {
    @Test
    void anEventTheLogWouldRefuseFailsTheWriteBeforeAnythingIsInserted() {
        OutboxWriter writer = new OutboxWriter();
        writer.meterRegistry = new SimpleMeterRegistry();
        // no data source: reaching the insert would fail differently
        LogEvent bad = new LogEvent(
                UUID.randomUUID(),
                "SIGN_IN",
                "account-service",
                Instant.now(),
                UUID.randomUUID(),
                "not-a-thumbprint",
                null,
                null,
                null,
                null);
        OutboxWriteException e = assertThrows(OutboxWriteException.class, () -> writer.append(bad));
        assertInstanceOf(EventLimits.UnloggableEventException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("cannot write outbox event SIGN_IN: "), e.getMessage());
    }
}
