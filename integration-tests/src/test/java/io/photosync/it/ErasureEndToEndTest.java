package io.photosync.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.photosync.cli.verify.Checkpoint;
import io.photosync.cli.verify.Merkle;
import io.photosync.cli.verify.VerifierKey;
import io.photosync.testsupport.TestGeoIp;
import io.photosync.testsupport.TestPhotos;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure across the three services as processes (docs/PRIVACY.md "Erasure"): a phone signs up, uploads photos, its
 * events are logged; the owner erases the account; then nobody, the old phone included, gets a personal value back,
 * sync-service holds no photo of the account, and every leaf and tile is unchanged, with the proofs taken before the
 * erasure checked by the cli's independent Merkle code against the checkpoint signed after it.
 */
class ErasureEndToEndTest {
    private static final String LOGIN = "zoe-erasure";
    private static final String DEVICE_NAME = "Zoë's erasable phone";
    private static Services services;

    @BeforeAll
    static void start() throws Exception {
        services = Services.start("erasure");
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    private static long count(String database, String sql, Object... params) throws Exception {
        try (Connection c = DriverManager.getConnection(AuditServiceProcess.jdbcUrl(database), "postgres", "");
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "not within 30 s: " + what);
            Thread.sleep(100);
        }
    }

    private static boolean outboxesRelayed() {
        try {
            return count("erasure_account", "select count(*) from outbox where submitted_at is null") == 0
                    && count("erasure_sync", "select count(*) from outbox where submitted_at is null") == 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String audit(String path) {
        return services.audit.baseUri() + path;
    }

    private static Checkpoint checkpoint(VerifierKey key) throws Exception {
        return Checkpoint.openSigned(
                given().get(audit("/v1/log/checkpoint"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray(),
                key);
    }

    private static List<byte[]> proof(String path) {
        return given()
                .get(audit(path))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("hashes", String.class)
                .stream()
                .map(h -> Base64.getDecoder().decode(h))
                .toList();
    }

    private static byte[] levelZeroTile(long size) {
        return given().get(audit("/v1/log/tile/0/000" + (size < 256 ? ".p/" + size : "")))
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
    }

    @Test
    void afterErasureNobodyGetsAPersonalValueSyncHoldsNoPhotoAndEveryEarlierProofStillVerifies() throws Exception {
        services.signUp(LOGIN);
        Phone phone = new Phone(services, DEVICE_NAME, "Pixel 9", TestGeoIp.LONDON_IP);
        phone.signIn(LOGIN);
        List<String> photoIds = List.of(
                phone.upload(TestPhotos.jpegWithExif("Acme", "Erasable 1", "2026:11:20 09:30:00", 51.5072, -0.1276)),
                phone.upload(TestPhotos.jpegWithExif("Acme", "Erasable 1", "2026:11:20 09:31:00", 51.5080, -0.1280)));
        await("every event logged", ErasureEndToEndTest::outboxesRelayed);
        VerifierKey key = VerifierKey.parse(given().get(audit("/v1/log/key"))
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .trim());
        long logged = count("erasure_audit", "select count(*) from log_entry where idx is not null");
        await("a checkpoint covering every entry", () -> {
            try {
                return checkpoint(key).size() >= logged;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Checkpoint before = checkpoint(key);
        List<byte[]> leavesBefore = new ArrayList<>();
        List<List<byte[]>> proofsBefore = new ArrayList<>();
        for (long i = 0; i < before.size(); i++) {
            leavesBefore.add(services.audit.storedLeaf(i));
            proofsBefore.add(proof("/v1/log/proofs/inclusion?index=" + i + "&treeSize=" + before.size()));
        }
        byte[] tileBefore = levelZeroTile(before.size());
        long signInIndex = count("erasure_account", "select log_index from outbox where event_type = 'SIGN_IN'");
        String ownEntry = audit("/v1/me/log/entries/" + signInIndex);
        assertTrue(
                phone.call("GET", ownEntry, null)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()
                        .contains(DEVICE_NAME),
                "before the erasure the owner reads the disclosures");
        List<String> sha256s = new ArrayList<>();
        for (String id : photoIds) {
            String url = services.sync.baseUrl() + "/v1/photos/" + id;
            sha256s.add(phone.call("GET", url, null)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("sha256"));
        }

        Response wrong =
                phone.call("DELETE", services.account.baseUrl() + "/v1/me", Map.of("password", "not the password"));
        assertEquals(403, wrong.statusCode(), wrong.asString());
        phone.call("DELETE", services.account.baseUrl() + "/v1/me", Map.of("password", Services.PASSWORD))
                .then()
                .statusCode(204);

        await("ACCOUNT_ERASED logged and projected", () -> {
            try {
                return outboxesRelayed() && count("erasure_audit", "select count(*) from erased_account") == 1;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("sync-service erased the photos", () -> {
            try {
                return count("erasure_sync", "select count(*) from photo") == 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // (a) the old phone and an outsider get nothing personal back
        for (String url : List.of(
                ownEntry,
                audit("/v1/provenance/photos/" + photoIds.get(0)),
                services.account.baseUrl() + "/v1/me/sessions",
                services.sync.baseUrl() + "/v1/photos/" + photoIds.get(0))) {
            assertEquals(401, phone.call("GET", url, null).statusCode(), url);
            assertEquals(401, given().get(url).statusCode(), url);
        }
        assertEquals(
                0,
                count("erasure_audit", "select count(*) from log_disclosure"),
                "the only account's disclosures are gone");
        for (String value : List.of(LOGIN, DEVICE_NAME, TestGeoIp.LONDON_IP, "London", "Pixel 9")) {
            assertEquals(
                    0,
                    count(
                            "erasure_account",
                            "select count(*) from (select row_to_json(a)::text t from account a union all select"
                                    + " row_to_json(d)::text from device d union all select row_to_json(s)::text from"
                                    + " device_session s union all select event::text from outbox union all select"
                                    + " row_to_json(f)::text from sign_in_failure f) x where t like ?",
                            "%" + value + "%"),
                    "account-service still holds " + value);
            assertEquals(
                    0,
                    count("erasure_sync", "select count(*) from outbox where event::text like ?", "%" + value + "%"),
                    "sync-service's outbox still holds " + value);
        }
        // a new account with the freed login is someone else: the old entries are not its own
        services.signUp(LOGIN);
        Phone newcomer = new Phone(services, "another phone", "Pixel 8", TestGeoIp.SHANGHAI_IP);
        newcomer.signIn(LOGIN);
        assertEquals(404, newcomer.call("GET", ownEntry, null).statusCode());

        // (b) sync-service holds no photo of the account
        for (String table : List.of("photo", "photo_upload", "photo_change", "photo_delivery", "photo_download")) {
            assertEquals(0, count("erasure_sync", "select count(*) from " + table), table);
        }
        for (String sha256 : sha256s) {
            Path file = Path.of("target", "erasure-photos", sha256.substring(0, 2), sha256.substring(2, 4), sha256);
            assertFalse(Files.exists(file), "photo bytes " + file + " are deleted");
        }

        // (c) every leaf and tile unchanged, the earlier proofs verify, and the new tree extends the old one
        Checkpoint after = checkpoint(key);
        assertTrue(after.size() > before.size(), "the erasure itself was logged");
        for (int i = 0; i < before.size(); i++) {
            byte[] leaf = services.audit.storedLeaf(i);
            assertArrayEquals(leavesBefore.get(i), leaf, "leaf " + i);
            byte[] leafHash = Merkle.leafHash(leaf);
            int index = i;
            assertDoesNotThrow(() ->
                    Merkle.verifyInclusion(index, before.size(), leafHash, proofsBefore.get(index), before.rootHash()));
            List<byte[]> now = proof("/v1/log/proofs/inclusion?index=" + i + "&treeSize=" + after.size());
            assertDoesNotThrow(() -> Merkle.verifyInclusion(index, after.size(), leafHash, now, after.rootHash()));
        }
        assertArrayEquals(before.rootHash(), Merkle.rootHash(leavesBefore), "the old root from the unchanged leaves");
        List<byte[]> consistency = proof("/v1/log/proofs/consistency?from=" + before.size() + "&to=" + after.size());
        assertDoesNotThrow(() -> Merkle.verifyConsistency(
                before.size(), after.size(), consistency, before.rootHash(), after.rootHash()));
        byte[] tileAfter = levelZeroTile(after.size());
        assertArrayEquals(
                tileBefore, Arrays.copyOf(tileAfter, tileBefore.length), "the old tile's hashes are unchanged");
    }
}
