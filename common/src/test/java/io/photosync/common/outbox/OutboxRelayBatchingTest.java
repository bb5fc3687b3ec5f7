package io.photosync.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The relay's pure decisions: how long to back off, and how many events fit into one request. */
class OutboxRelayBatchingTest {
    private static final Duration INITIAL = Duration.ofMillis(500);
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheCap() {
        assertEquals(500, OutboxRelay.backoffMillis(1, INITIAL, MAX));
        assertEquals(1000, OutboxRelay.backoffMillis(2, INITIAL, MAX));
        assertEquals(2000, OutboxRelay.backoffMillis(3, INITIAL, MAX));
        assertEquals(16000, OutboxRelay.backoffMillis(6, INITIAL, MAX));
        assertEquals(30000, OutboxRelay.backoffMillis(7, INITIAL, MAX));
        assertEquals(30000, OutboxRelay.backoffMillis(1000, INITIAL, MAX));
        assertEquals(30000, OutboxRelay.backoffMillis(Integer.MAX_VALUE, INITIAL, MAX));
    }

    @Test
    void aBatchStopsBeforeTheRequestWouldExceedOneMebibyte() {
        List<OutboxStore.PendingRow> rows = rows(300, 10_000);
        List<OutboxStore.PendingRow> batch = OutboxRelay.fitIntoOneRequest(rows);
        assertEquals(104, batch.size(), "104 events of 10 000 bytes fit into 1 MiB with the envelope, 105 do not");
        assertTrue(AuditLogClient.bodySize(sizes(batch)) <= AuditLogClient.MAX_BODY_BYTES);
        assertTrue(AuditLogClient.bodySize(sizes(rows.subList(0, batch.size() + 1))) > AuditLogClient.MAX_BODY_BYTES);
        assertEquals(rows.subList(0, 104), batch, "a prefix, in outbox order");
    }

    @Test
    void smallEventsAllFitAndAnOversizedOneGoesAlone() {
        assertEquals(200, OutboxRelay.fitIntoOneRequest(rows(200, 300)).size());
        assertEquals(1, OutboxRelay.fitIntoOneRequest(rows(3, 2 << 20)).size());
    }

    @Test
    void onlyAnswersAboutTheEventsThemselvesSetThemAsideAndEverythingElseIsRetried() {
        for (int refused : new int[] {400, 409, 413, 422}) {
            assertTrue(AuditLogClient.refuses(refused), refused + " refuses the events");
        }
        for (int retried : new int[] {401, 403, 404, 405, 408, 429, 500, 502, 503, 504}) {
            assertTrue(!AuditLogClient.refuses(retried), retried + " is retried, never sets an event aside");
        }
    }

    private static List<OutboxStore.PendingRow> rows(int count, int eventBytes) {
        List<OutboxStore.PendingRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new OutboxStore.PendingRow(i, UUID.randomUUID(), "x".repeat(eventBytes), 0, true));
        }
        return rows;
    }

    private static List<Integer> sizes(List<OutboxStore.PendingRow> rows) {
        return rows.stream().map(r -> r.eventJson().length()).toList();
    }
}
