package io.photosync.audit.storage;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.photosync.audit.TestEvents;
import io.photosync.audit.log.Checkpoint;
import io.photosync.audit.log.Hashes;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.provenance.ProvenanceProjector;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * ACCOUNT_ERASED, once projected, erases the account's disclosures and support texts, and nothing of the tree
 * (docs/PRIVACY.md "Erasure").
 */
@QuarkusTest
class LogErasureTest {
    private static final String DEVICE = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LogStorage storage;

    @Inject
    ProvenanceProjector projector;

    private static String event(String type, String source, UUID accountId, String data, String personal) {
        return """
            {"id":"%s","type":"%s","source":"%s","occurredAt":"%s","accountId":"%s","deviceId":"%s","data":%s,"personal":%s}\
            """.formatted(
                        UUID.randomUUID(),
                        type,
                        source,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS),
                        accountId,
                        DEVICE,
                        data,
                        personal);
    }

    private static JsonPath submit(String body, boolean fromSync) {
        return TestEvents.submit(fromSync ? TestEvents.SYNC : TestEvents.ACCOUNT, body)
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private Checkpoint checkpoint() {
        NoteKeys.Verifier key = NoteKeys.Verifier.parse(given().get("/v1/log/key")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .trim());
        return Checkpoint.parse(key.open(given().get("/v1/log/checkpoint")
                .then()
                .statusCode(200)
                .extract()
                .asString()));
    }

    private static List<String> inclusion(long index, long treeSize) {
        return given().queryParam("index", index)
                .queryParam("treeSize", treeSize)
                .get("/v1/log/proofs/inclusion")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("hashes", String.class);
    }

    private void execute(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        }
    }

    private String string(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void anErasedAccountLosesEveryDisclosureAndSupportTextWhileEveryLeafAndProofStays() throws Exception {
        UUID erased = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        JsonPath logged = submit(
                TestEvents.batch(List.of(
                        event(
                                "ACCOUNT_CREATED",
                                "account-service",
                                erased,
                                "{}",
                                "{\"login\":\"zoe@example.org\",\"displayName\":\"Zoë\"}"),
                        event(
                                "SIGN_IN",
                                "account-service",
                                erased,
                                "{\"authMethod\":\"password+dpop\"}",
                                "{\"ip\":\"203.0.113.7\",\"ipCity\":\"Paris\"}"),
                        event(
                                "SIGN_IN",
                                "account-service",
                                other,
                                "{\"authMethod\":\"password+dpop\"}",
                                "{\"ip\":\"198.51.100.9\"}"))),
                false);
        List<Long> indices = logged.getList("entries.index", Long.class);
        UUID caseId = UUID.randomUUID();
        execute(
                "insert into support_case (id, account_id, question, opened_by, state, created_at) values (?, ?, ?,"
                        + " 'owner', 'open', now())",
                caseId,
                erased,
                "Zoë asks about the photo taken in Paris");
        execute(
                "insert into support_note (id, case_id, staff_id, text, created_at) values (?, ?, 'agent-1', ?, now())",
                UUID.randomUUID(),
                caseId,
                "called Zoë at +33 1 23 45 67 89");
        execute(
                "insert into support_grant (id, case_id, account_id, state, reason, requested_at, approved_at,"
                        + " expires_at) values (?, ?, ?, 'active', 'owner-request', now(), now(), now() + interval '1"
                        + " hour')",
                UUID.randomUUID(),
                caseId,
                erased);
        Checkpoint before = checkpoint();
        List<List<String>> proofsBefore =
                indices.stream().map(i -> inclusion(i, before.size())).toList();
        assertEquals(
                2, storage.entry(indices.get(0)).orElseThrow().disclosures().size());

        long erasedAt = submit(
                        TestEvents.batch(List.of(event("ACCOUNT_ERASED", "account-service", erased, "{}", "{}"))),
                        false)
                .getLong("entries[0].index");
        // an event of the account still in sync-service's outbox at the erasure reaches the log afterwards
        long late = submit(
                        TestEvents.batch(List.of(event(
                                "PHOTO_DELETED",
                                "sync-service",
                                erased,
                                "{\"sha256\":\"47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU\"}",
                                "{\"ip\":\"203.0.113.7\"}"))),
                        true)
                .getLong("entries[0].index");
        assertTrue(projector.catchUp() > late);

        for (long index : List.of(indices.get(0), indices.get(1), late)) {
            StoredEntry entry = storage.entry(index).orElseThrow();
            assertEquals(List.of(), entry.disclosures(), "entry " + index);
        }
        assertEquals(
                1,
                storage.entry(indices.get(2)).orElseThrow().disclosures().size(),
                "another account keeps its disclosures");
        assertEquals(
                Long.toString(erasedAt),
                string("select erased_idx::text from erased_account where account_id = ?", erased));
        assertEquals(
                "(erased with the account)|closed",
                string("select question || '|' || state from support_case where id = ?", caseId));
        assertEquals("(erased with the account)", string("select text from support_note where case_id = ?", caseId));
        assertEquals(
                "ended|erasure",
                string("select state || '|' || ended_by from support_grant where case_id = ?", caseId));

        // Leaves and proofs as before: each leaf still hashes to what the log answered and its proof in the old tree
        // is the same hashes (their validity is checked by LogSubmissionTest and, with the cli, ErasureEndToEndTest).
        for (int i = 0; i < indices.size(); i++) {
            byte[] leafHash = Base64.getDecoder().decode(logged.getString("entries[" + i + "].leafHash"));
            byte[] leaf = storage.entry(indices.get(i)).orElseThrow().entry();
            assertArrayEquals(leafHash, Hashes.leafHash(leaf));
            assertFalse(new String(leaf).contains("Paris"));
            assertEquals(
                    proofsBefore.get(i),
                    inclusion(indices.get(i), before.size()),
                    "inclusion proof of " + indices.get(i));
        }
        assertTrue(checkpoint().size() > before.size());
    }
}
