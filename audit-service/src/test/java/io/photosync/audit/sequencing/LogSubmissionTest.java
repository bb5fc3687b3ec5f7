package io.photosync.audit.sequencing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.agroal.api.AgroalDataSource;
import io.photosync.audit.TestEvents;
import io.photosync.audit.entry.Disclosure;
import io.photosync.audit.entry.PersonalDigest;
import io.photosync.audit.log.Checkpoint;
import io.photosync.audit.log.Hashes;
import io.photosync.audit.log.IndependentVerifier;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.log.TileId;
import io.photosync.audit.storage.LogStorage;
import io.photosync.audit.storage.StoredEntry;
import io.photosync.common.source.SourceToken;
import io.photosync.common.source.SourceTokenSigner;
import io.photosync.testsupport.TestSourceKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LogSubmissionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LogStorage storage;

    private NoteKeys.Verifier logKey() {
        return NoteKeys.Verifier.parse(given().get("/v1/log/key")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .trim());
    }

    private Checkpoint latestCheckpoint() {
        String note = given().get("/v1/log/checkpoint")
                .then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .extract()
                .asString();
        return Checkpoint.parse(logKey().open(note));
    }

    private boolean stored(UUID id) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select 1 from log_entry where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<byte[]> hashes(JsonPath json) {
        return json.getList("hashes", String.class).stream()
                .map(h -> Base64.getDecoder().decode(h))
                .toList();
    }

    @Test
    void submittedEntriesGetIndicesAndVerifiableProofs() throws Exception {
        Checkpoint before = latestCheckpoint();
        List<UUID> ids = TestEvents.ids(3);
        JsonPath response = TestEvents.submit(TestEvents.ACCOUNT, TestEvents.signInBatch(ids))
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(ids.stream().map(UUID::toString).toList(), response.getList("entries.id"), "request order");

        Checkpoint after = latestCheckpoint();
        assertTrue(after.size() >= before.size() + 3);
        for (int i = 0; i < ids.size(); i++) {
            long index = response.getLong("entries[" + i + "].index");
            byte[] leafHash = Base64.getDecoder().decode(response.getString("entries[" + i + "].leafHash"));

            StoredEntry entry = storage.entry(index).orElseThrow();
            byte[] leaf = entry.entry();
            assertArrayEquals(leafHash, Hashes.leafHash(leaf));
            JsonNode leafJson = JSON.readTree(leaf);
            assertEquals(ids.get(i).toString(), leafJson.get("id").asText());
            assertFalse(
                    new String(leaf, StandardCharsets.UTF_8).contains("203.0.113.7"),
                    "personal values enter only as digests");
            List<String> fields =
                    entry.disclosures().stream().map(Disclosure::field).toList();
            assertEquals(List.of("deviceName", "ip", "ipCity", "ipLat"), fields);
            for (Disclosure d : entry.disclosures()) {
                byte[] salt = Base64.getUrlDecoder().decode(d.salt());
                assertEquals(
                        leafJson.get("personal").get(d.field()).asText(), PersonalDigest.digest(salt, d.valueJson()));
            }

            JsonPath inclusion = given().queryParam("index", index)
                    .queryParam("treeSize", after.size())
                    .get("/v1/log/proofs/inclusion")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertTrue(IndependentVerifier.verifyInclusion(
                    index, after.size(), leafHash, hashes(inclusion), after.rootHash()));

            String tlogProof = given().get("/v1/log/entries/" + index + "/proof")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            String[] parts = tlogProof.split("\n\n", 2);
            String[] lines = parts[0].split("\n");
            assertEquals("c2sp.org/tlog-proof@v1", lines[0]);
            assertEquals("index " + index, lines[1]);
            Checkpoint proved = Checkpoint.parse(logKey().open(parts[1]));
            List<byte[]> path = new ArrayList<>();
            for (int l = 2; l < lines.length; l++) {
                path.add(Base64.getDecoder().decode(lines[l]));
            }
            assertTrue(IndependentVerifier.verifyInclusion(index, proved.size(), leafHash, path, proved.rootHash()));
        }
        if (before.size() > 0) {
            JsonPath consistency = given().queryParam("from", before.size())
                    .queryParam("to", after.size())
                    .get("/v1/log/proofs/consistency")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertTrue(IndependentVerifier.verifyConsistency(
                    before.size(), after.size(), before.rootHash(), after.rootHash(), hashes(consistency)));
        }
    }

    @Test
    void sameIdAgainGivesTheSameIndexAndOtherContentIsAConflict() throws Exception {
        List<UUID> ids = TestEvents.ids(2);
        String body = TestEvents.signInBatch(ids);
        JsonPath first = TestEvents.submit(TestEvents.ACCOUNT, body)
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath again = TestEvents.submit(TestEvents.ACCOUNT, body)
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(first.getList("entries"), again.getList("entries"));

        UUID fresh = UUID.randomUUID();
        String changed = TestEvents.batch(List.of(TestEvents.signIn(fresh), TestEvents.signIn(ids.getFirst())));
        TestEvents.submit(TestEvents.ACCOUNT, changed)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString(ids.getFirst().toString()));
        assertFalse(stored(fresh), "nothing of a refused batch is written");
    }

    @Test
    void concurrentRepeatsOfOneBatchAllGetTheSameIndices() throws Exception {
        String body = TestEvents.signInBatch(TestEvents.ids(20));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Object>>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(pool.submit(() -> TestEvents.submit(TestEvents.ACCOUNT, body)
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("entries")));
        }
        List<Object> first = answers.getFirst().get();
        for (var answer : answers) {
            assertEquals(first, answer.get());
        }
        pool.shutdown();
    }

    @Test
    void oneTokenSentFourTimesAtOnceIsAnsweredOnceAndRefusedAsAReplayThreeTimes() throws Exception {
        byte[] body = TestEvents.signInBatch(TestEvents.ids(3)).getBytes(StandardCharsets.UTF_8);
        String token = TestEvents.ACCOUNT.authorization(body);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(pool.submit(() -> TestEvents.submitWith(token, body).extract()));
        }
        int logged = 0;
        for (Future<ExtractableResponse<Response>> answer : answers) {
            ExtractableResponse<Response> response = answer.get();
            if (response.statusCode() == 200) {
                logged++;
            } else {
                assertEquals(401, response.statusCode());
                assertEquals("Source", response.header("WWW-Authenticate"));
                assertTrue(response.path("detail").toString().contains("replay"));
            }
        }
        pool.shutdown();
        assertEquals(1, logged, "one token, one effect");
    }

    @Test
    void concurrentBatchesSharingAnIdWithOtherContentLogOneAndRefuseTheOthersWhole() throws Exception {
        UUID shared = UUID.randomUUID();
        List<UUID> own = TestEvents.ids(4);
        ExecutorService pool = Executors.newFixedThreadPool(own.size());
        List<Future<Integer>> statuses = new ArrayList<>();
        for (UUID mine : own) {
            String body = TestEvents.batch(List.of(TestEvents.signIn(mine), TestEvents.signIn(shared)));
            statuses.add(pool.submit(
                    () -> TestEvents.submit(TestEvents.ACCOUNT, body).extract().statusCode()));
        }
        List<Integer> answers = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            answers.add(status.get());
        }
        pool.shutdown();
        assertEquals(1, answers.stream().filter(s -> s == 200).count(), "one batch logged: " + answers);
        assertEquals(3, answers.stream().filter(s -> s == 409).count(), "the others refused: " + answers);
        for (int i = 0; i < own.size(); i++) {
            assertEquals(answers.get(i) == 200, stored(own.get(i)), "only the logged batch left entries behind");
        }
    }

    private static String jwt(ECKey key, JWSHeader header, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder sourceClaims(String source, byte[] body, Instant iat, Duration lifetime) {
        return new JWTClaimsSet.Builder()
                .issuer(source)
                .audience(SourceToken.AUDIENCE)
                .issueTime(Date.from(iat))
                .expirationTime(Date.from(iat.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim(SourceToken.BODY_HASH_CLAIM, SourceToken.bodyHash(body));
    }

    @Test
    void refusesEveryForgedReplayedOrMisdirectedSubmission() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] body = TestEvents.signInBatch(List.of(id)).getBytes(StandardCharsets.UTF_8);
        ECKey accountKey = ECKey.parse(TestSourceKeys.ACCOUNT_SERVICE_PRIVATE_JWK);
        ECKey rogue = new ECKeyGenerator(Curve.P_256).generate();
        JWSHeader sourceHeader = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(SourceToken.TYPE)
                .keyID("account-service")
                .build();

        List<String> refused = new ArrayList<>();
        refused.add(null);
        refused.add("Bearer " + TestEvents.ACCOUNT.token(body));
        // An end-user access token as account-service issues them.
        refused.add("Source "
                + jwt(
                        rogue,
                        new JWSHeader.Builder(JWSAlgorithm.ES256)
                                .type(new JOSEObjectType("at+jwt"))
                                .keyID("account-key-1")
                                .build(),
                        new JWTClaimsSet.Builder()
                                .issuer("http://127.0.0.1:8081")
                                .audience("photosync")
                                .subject(UUID.randomUUID().toString())
                                .issueTime(new Date())
                                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                                .jwtID("x")
                                .build()));
        refused.add("Source "
                + jwt(
                        rogue,
                        new JWSHeader.Builder(JWSAlgorithm.ES256)
                                .type(SourceToken.TYPE)
                                .keyID("rogue-service")
                                .build(),
                        sourceClaims("rogue-service", body, Instant.now(), Duration.ofSeconds(30))
                                .build()));
        refused.add("Source "
                + jwt(
                        rogue,
                        sourceHeader,
                        sourceClaims("account-service", body, Instant.now(), Duration.ofSeconds(30))
                                .build()));
        refused.add(new SourceTokenSigner(
                        "account-service",
                        TestSourceKeys.ACCOUNT_SERVICE_PRIVATE_JWK,
                        Duration.ofSeconds(30),
                        Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5)))
                .authorization(body));
        refused.add("Source "
                + jwt(
                        accountKey,
                        sourceHeader,
                        sourceClaims("account-service", body, Instant.now(), Duration.ofHours(1))
                                .build()));
        refused.add("Source "
                + jwt(
                        accountKey,
                        sourceHeader,
                        sourceClaims("sync-service", body, Instant.now(), Duration.ofSeconds(30))
                                .build()));
        refused.add("Source "
                + jwt(
                        accountKey,
                        sourceHeader,
                        sourceClaims("account-service", body, Instant.now(), Duration.ofSeconds(30))
                                .audience("account-service")
                                .build()));
        refused.add(TestEvents.ACCOUNT.authorization("{\"events\":[]}".getBytes(StandardCharsets.UTF_8)));
        for (String authorization : refused) {
            TestEvents.submitWith(authorization, body)
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Source");
        }
        assertFalse(stored(id));

        String once = TestEvents.ACCOUNT.authorization(body);
        TestEvents.submitWith(once, body).statusCode(200);
        TestEvents.submitWith(once, body).statusCode(401).body("detail", containsString("replay"));

        UUID other = UUID.randomUUID();
        TestEvents.submit(TestEvents.SYNC, TestEvents.signInBatch(List.of(other)))
                .statusCode(400)
                .body("detail", containsString("authenticated submitter"));
        assertFalse(stored(other));
    }

    @Test
    void refusesMalformedBatchesWholly() throws Exception {
        UUID good = UUID.randomUUID();
        String bad = TestEvents.signIn(UUID.randomUUID())
                .replace("\"authMethod\":\"password\"", "\"authMethod\":{\"nested\":1}");
        TestEvents.submit(TestEvents.ACCOUNT, TestEvents.batch(List.of(TestEvents.signIn(good), bad)))
                .statusCode(400)
                .body("detail", containsString("events[1].data.authMethod"));
        assertFalse(stored(good));
        TestEvents.submit(TestEvents.ACCOUNT, "not json").statusCode(400);
        TestEvents.submit(TestEvents.ACCOUNT, "{\"events\":[]}").statusCode(400);
        TestEvents.submit(TestEvents.ACCOUNT, TestEvents.signInBatch(TestEvents.ids(501)))
                .statusCode(400);
        TestEvents.submit(TestEvents.ACCOUNT, TestEvents.signIn(good).replace("SIGN_IN", "SELF_DESTRUCT"))
                .statusCode(400);
        TestEvents.submit(
                        TestEvents.ACCOUNT,
                        "{\"events\":[{\"pad\":\"" + "x".repeat(SubmissionResource.MAX_BODY_BYTES) + "\"}]}")
                .statusCode(413);
    }

    @Test
    void badProofQueriesAre400() {
        TestEvents.submit(
                        TestEvents.SYNC,
                        TestEvents.batch(List.of(TestEvents.signIn(UUID.randomUUID())
                                .replace("SIGN_IN", "PHOTO_DOWNLOADED")
                                .replace("account-service", "sync-service"))))
                .statusCode(200);
        long size = latestCheckpoint().size();
        String[][] inclusion = {
            {"-1", "1"},
            {"abc", "1"},
            {String.valueOf(size), String.valueOf(size)},
            {"0", "0"},
            {"0", String.valueOf(size + 1)},
            {"0", "99999999999999999999"},
            {"0", ""},
            {"1e3", "5"}
        };
        for (String[] q : inclusion) {
            given().queryParam("index", q[0])
                    .queryParam("treeSize", q[1])
                    .get("/v1/log/proofs/inclusion")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        given().get("/v1/log/proofs/inclusion").then().statusCode(400);
        String[][] consistency = {{"2", "1"}, {"0", "1"}, {"1", String.valueOf(size + 1)}, {"-3", "4"}, {"x", "y"}};
        for (String[] q : consistency) {
            given().queryParam("from", q[0])
                    .queryParam("to", q[1])
                    .get("/v1/log/proofs/consistency")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        given().get("/v1/log/entries/" + size + "/proof").then().statusCode(400);
        given().get("/v1/me/log/entries/-1").then().statusCode(401);
        given().queryParam("from", size)
                .queryParam("to", size)
                .get("/v1/log/proofs/consistency")
                .then()
                .statusCode(200)
                .body("hashes.size()", equalTo(0));
    }

    /** docs/PRIVACY.md: leaves and disclosures are never public; only the owner's phone reads an entry. */
    @Test
    void anAnonymousReaderGetsNoLeafNoDisclosureAndNoEntryBundle() {
        List<UUID> ids = TestEvents.ids(1);
        long index = TestEvents.submit(TestEvents.ACCOUNT, TestEvents.signInBatch(ids))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("entries[0].index");
        given().get("/v1/log/entries/" + index).then().statusCode(404);
        given().get("/v1/me/log/entries/" + index)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("DPoP"));
        for (String path : List.of("/v1/log/tile/entries/000", "/v1/log/tile/entries/000.p/1")) {
            given().get(path).then().statusCode(400).contentType("application/problem+json");
        }
        String proof = given().get("/v1/log/entries/" + index + "/proof")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertFalse(
                proof.contains(ids.getFirst().toString()) || proof.contains("203.0.113.7") || proof.contains("Paris"),
                proof);
    }

    @Test
    void tilesAreServedInTheTlogTilesLayout() {
        List<UUID> ids = TestEvents.ids(2);
        JsonPath response = TestEvents.submit(TestEvents.ACCOUNT, TestEvents.signInBatch(ids))
                .statusCode(200)
                .extract()
                .jsonPath();
        long index = response.getLong("entries[1].index");
        byte[] leafHash = Base64.getDecoder().decode(response.getString("entries[1].leafHash"));
        long size = latestCheckpoint().size();
        TileId tile = new TileId(0, index / 256);
        int width = (int) Math.min(256, size - tile.index() * 256);
        byte[] hashes = given().get("/v1/log/" + tile.path(width))
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertEquals(width * 32, hashes.length);
        int position = (int) (index % 256);
        assertArrayEquals(leafHash, Arrays.copyOfRange(hashes, position * 32, position * 32 + 32));
        byte[] prefix = given().get("/v1/log/" + tile.path(position + 1))
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertArrayEquals(Arrays.copyOf(hashes, (position + 1) * 32), prefix);
        for (String bad : List.of("0/1", "0/x1/001", "0/000.p/256", "0/000.p/0", "0/x000/001", "a/000")) {
            given().get("/v1/log/tile/" + bad).then().statusCode(400);
        }
        given().get("/v1/log/tile/0/x999/999").then().statusCode(404);
    }

    @Test
    void metricsAndOpenApiAreServed() {
        TestEvents.submit(TestEvents.ACCOUNT, TestEvents.signInBatch(TestEvents.ids(1)))
                .statusCode(200);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(
                        containsString("log_tree_size"),
                        containsString("log_pending_entries"),
                        containsString("log_sequencing_latency_seconds"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/log/proofs/inclusion"));
    }
}
