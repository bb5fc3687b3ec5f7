package io.photosync.audit.selfaudit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.photosync.audit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Changes rows behind the log's back, as an intruder with database access would, and expects health to say where. */
@QuarkusTest
class SelfAuditTest {
    @Inject
    AgroalDataSource dataSource;

    @Inject
    SelfAuditService audits;

    private void sql(String statement, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private long submitOne() {
        String event = TestEvents.signIn(UUID.randomUUID())
                .replace("SIGN_IN", "PHOTO_DOWNLOADED")
                .replace("account-service", "sync-service");
        return TestEvents.submit(TestEvents.SYNC, TestEvents.batch(List.of(event)))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("entries[0].index");
    }

    @Test
    void aChangedLeafMakesHealthDownAndNamesTheIndex() throws Exception {
        long index = submitOne();
        audits.run();
        given().get("/q/health/ready").then().statusCode(200);

        sql("update log_entry set entry = entry || '\\x20'::bytea where idx = ?", index);
        try {
            audits.run();
            given().get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body(
                            "checks.data.problem1",
                            hasItem(containsString("leaf at index " + index + " does not match")));
        } finally {
            sql("update log_entry set entry = substring(entry from 1 for length(entry) - 1) where idx = ?", index);
        }
        audits.run();
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aChangedTileHashMakesHealthDownAndNamesTheTile() throws Exception {
        long index = submitOne();
        long tile = index / 256;
        int position = (int) (index % 256);
        String flip =
                "overlay(hashes placing set_byte(substring(hashes from %d for 1), 0, get_byte(substring(hashes from %d for 1), 0) # 1) from %d for 1)"
                        .formatted(position * 32 + 1, position * 32 + 1, position * 32 + 1);
        sql("update log_tile set hashes = " + flip + " where level = 0 and idx = ?", tile);
        try {
            audits.run();
            given().get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body("checks.data.problem1", hasItem(containsString("tile 0/" + tile + " position " + position)));
        } finally {
            sql("update log_tile set hashes = " + flip + " where level = 0 and idx = ?", tile);
        }
        audits.run();
        given().get("/q/health/ready").then().statusCode(200);
    }

    /**
     * Issue 10: audits racing a busy sequencer saw tiles and checkpoints of different moments and raised false alarms.
     */
    @Test
    void auditsRunWhileTheLogGrowsFindNoProblem() throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int b = 0; b < 30; b++) {
                batches.add(submitters.submit(
                        () -> TestEvents.submit(TestEvents.ACCOUNT, TestEvents.signInBatch(TestEvents.ids(17)))
                                .statusCode(200)));
            }
            int audited = 0;
            while (batches.stream().anyMatch(f -> !f.isDone()) || audited < 3) {
                SelfAudit.Report report = audits.run();
                assertEquals(List.of(), report.problems(), "audit of size " + report.treeSize() + " while sequencing");
                audited++;
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        } finally {
            submitters.shutdownNow();
        }
    }
}
