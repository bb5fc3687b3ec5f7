package io.photosync.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.photosync.cli.verify.Checkpoint;
import io.photosync.cli.verify.Merkle;
import io.photosync.cli.verify.VerificationException;
import io.photosync.cli.verify.VerifierKey;
import io.photosync.common.source.SourceTokenSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * audit-service's prover against the cli's independent verifier, over HTTP: a log grown in random steps,
 * every signed checkpoint's root recomputed from the leaves, inclusion and consistency proofs for many
 * random sizes verified (and their mutations, wrong indexes and wrong sizes refused), and tlog-proof files
 * checked by the {@code verify} command. Real provenance reports are verified in PhotoProvenanceEndToEndTest.
 */
class LogProofsTest {
    private static final String SOURCE = "account-service";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static AuditServiceProcess audit;
    private static SourceTokenSigner signer;

    /** Leaf hash of each index, as the log answered the source that submitted it. */
    private static final Map<Integer, byte[]> leafHashes = new HashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startAuditService() throws Exception {
        audit = new AuditServiceProcess("audit_proofs_test", SOURCE);
        audit.start();
        signer = new SourceTokenSigner(SOURCE, audit.sourcePrivateJwk(SOURCE));
    }

    @AfterAll
    static void stopAuditService() {
        audit.close();
    }

    @Test
    void proofsOfTheRunningLogVerifyIndependentlyAndTamperedOnesDoNot() throws Exception {
        long seed = new SecureRandom().nextLong();
        Random random = new Random(seed);
        String run = " (seed " + seed + ")";
        VerifierKey key = VerifierKey.parse(getText("/v1/log/key"));

        List<Checkpoint> checkpoints = new ArrayList<>();
        int total = 0;
        for (int round = 0; round < 20; round++) {
            int batch = 1 + random.nextInt(round < 6 ? 3 : 60);
            submit(batch, random);
            total += batch;
            checkpoints.add(awaitCheckpoint(total, key));
        }
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            byte[] leaf = audit.storedLeaf(i);
            assertArrayEquals(
                    Merkle.leafHash(leaf), leafHashes.get(i), "leaf hash the log answered the source for entry " + i);
            leaves.add(leaf);
        }

        for (Checkpoint c : checkpoints) {
            assertArrayEquals(
                    Merkle.rootHash(leaves.subList(0, (int) c.size())),
                    c.rootHash(),
                    "signed root of size " + c.size() + " recomputed from the leaves" + run);
            for (int k = 0; k < 4; k++) {
                long index = random.nextLong(c.size());
                checkInclusion(c, index, Merkle.leafHash(leaves.get((int) index)), checkpoints, run);
            }
        }
        for (int k = 0; k < checkpoints.size() + 10; k++) {
            Checkpoint first = k < checkpoints.size() - 1
                    ? checkpoints.get(k)
                    : checkpoints.get(random.nextInt(checkpoints.size()));
            Checkpoint second = k < checkpoints.size() - 1
                    ? checkpoints.get(k + 1)
                    : checkpoints.get(random.nextInt(checkpoints.size()));
            if (first.size() > second.size()) {
                Checkpoint t = first;
                first = second;
                second = t;
            }
            checkConsistency(first, second, checkpoints, run);
        }
    }

    @Test
    void theVerifyCommandAcceptsARealTlogProofAndRefusesAnotherEntry() throws Exception {
        submit(5, new Random(5));
        long size =
                awaitCheckpoint(1, VerifierKey.parse(getText("/v1/log/key"))).size();
        Path keyFile = write("log.vkey", getText("/v1/log/key").getBytes(StandardCharsets.UTF_8));
        for (long index : new long[] {0, size / 2, size - 1}) {
            Path proof = write(
                    "entry.tlog-proof",
                    getText("/v1/log/entries/" + index + "/proof").getBytes(StandardCharsets.UTF_8));
            Path entry = write("entry.json", leafOf(index));
            Path other = write("other.json", leafOf(index == 0 ? 1 : 0));
            assertEquals(
                    0,
                    CliRun.run(
                                    "verify",
                                    "--tlog-proof",
                                    proof.toString(),
                                    "--entry",
                                    entry.toString(),
                                    "--log-key",
                                    keyFile.toString())
                            .exit(),
                    "tlog-proof of entry " + index);
            CliRun refused = CliRun.run(
                    "verify",
                    "--tlog-proof",
                    proof.toString(),
                    "--entry",
                    other.toString(),
                    "--log-key",
                    keyFile.toString());
            assertEquals(1, refused.exit(), "another entry must not pass as entry " + index);
            assertTrue(refused.err().contains("inclusion") || refused.err().contains("does not lead"), refused.err());
        }
    }

    private void checkInclusion(Checkpoint c, long index, byte[] leafHash, List<Checkpoint> all, String run)
            throws Exception {
        List<byte[]> proof = hashes(getJson("/v1/log/proofs/inclusion?index=" + index + "&treeSize=" + c.size()));
        String what = "inclusion of " + index + " in size " + c.size() + run;
        assertDoesNotThrow(() -> Merkle.verifyInclusion(index, c.size(), leafHash, proof, c.rootHash()), what);
        for (List<byte[]> mutated : mutations(proof)) {
            assertThrows(
                    VerificationException.class,
                    () -> Merkle.verifyInclusion(index, c.size(), leafHash, mutated, c.rootHash()),
                    what + " mutated");
        }
        for (long wrongIndex : new long[] {index - 1, index + 1}) {
            if (wrongIndex >= 0) {
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyInclusion(wrongIndex, c.size(), leafHash, proof, c.rootHash()),
                        what + " claimed for index " + wrongIndex);
            }
        }
        for (Checkpoint other : all) {
            if (other.size() != c.size()) {
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyInclusion(index, other.size(), leafHash, proof, other.rootHash()),
                        what + " claimed for size " + other.size());
            }
        }
    }

    private void checkConsistency(Checkpoint first, Checkpoint second, List<Checkpoint> all, String run)
            throws Exception {
        List<byte[]> proof =
                hashes(getJson("/v1/log/proofs/consistency?from=" + first.size() + "&to=" + second.size()));
        String what = "consistency " + first.size() + " -> " + second.size() + run;
        assertDoesNotThrow(
                () -> Merkle.verifyConsistency(first.size(), second.size(), proof, first.rootHash(), second.rootHash()),
                what);
        if (first.size() == second.size()) {
            return;
        }
        for (List<byte[]> mutated : mutations(proof)) {
            assertThrows(
                    VerificationException.class,
                    () -> Merkle.verifyConsistency(
                            first.size(), second.size(), mutated, first.rootHash(), second.rootHash()),
                    what + " mutated");
        }
        // A size is bound to its root by the signed checkpoint, so a wrong size comes with that checkpoint's root.
        for (Checkpoint other : all) {
            if (other.size() != first.size() && other.size() < second.size()) {
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyConsistency(
                                other.size(), second.size(), proof, other.rootHash(), second.rootHash()),
                        what + " claimed from size " + other.size());
            }
            if (other.size() != second.size() && other.size() > first.size()) {
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyConsistency(
                                first.size(), other.size(), proof, first.rootHash(), other.rootHash()),
                        what + " claimed to size " + other.size());
            }
        }
        assertThrows(
                VerificationException.class,
                () -> Merkle.verifyConsistency(first.size(), second.size(), proof, second.rootHash(), first.rootHash()),
                what + " roots swapped");
    }

    /** One bit flipped in each hash, each hash dropped, one hash added. */
    private static List<List<byte[]>> mutations(List<byte[]> proof) {
        List<List<byte[]>> out = new ArrayList<>();
        for (int i = 0; i < proof.size(); i++) {
            List<byte[]> flipped = new ArrayList<>(proof);
            byte[] h = proof.get(i).clone();
            h[31 - i % 32] ^= 0x40;
            flipped.set(i, h);
            out.add(flipped);
            List<byte[]> dropped = new ArrayList<>(proof);
            dropped.remove(i);
            out.add(dropped);
        }
        List<byte[]> extended = new ArrayList<>(proof);
        extended.add(new byte[32]);
        out.add(extended);
        return out;
    }

    private void submit(int count, Random random) throws Exception {
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode event = event(random.nextBoolean() ? "SESSION_REVOKED" : "TOKEN_REFRESHED", Instant.now());
            if (event.path("type").asText().equals("SESSION_REVOKED")) {
                event.putObject("data").put("reason", "user").put("revokedBy", "user");
            } else {
                event.putObject("personal").put("ip", "198.51.100." + random.nextInt(255));
            }
            events.add(event);
        }
        JsonNode answer = post(events);
        assertEquals(count, answer.path("entries").size());
        for (JsonNode accepted : answer.path("entries")) {
            leafHashes.put(
                    accepted.path("index").asInt(),
                    Base64.getDecoder().decode(accepted.path("leafHash").asText()));
        }
    }

    private static ObjectNode event(String type, Instant at) {
        byte[] thumbprint = new byte[32];
        new SecureRandom().nextBytes(thumbprint);
        ObjectNode event = JSON.createObjectNode();
        event.put("id", UUID.randomUUID().toString());
        event.put("type", type);
        event.put("source", SOURCE);
        event.put("occurredAt", at.truncatedTo(ChronoUnit.MILLIS).toString());
        event.put("accountId", UUID.randomUUID().toString());
        event.put("deviceId", Base64.getUrlEncoder().withoutPadding().encodeToString(thumbprint));
        event.put("sessionId", UUID.randomUUID().toString());
        return event;
    }

    private static JsonNode post(List<ObjectNode> events) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("events").addAll(events);
        byte[] bytes = JSON.writeValueAsBytes(body);
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(audit.baseUri().resolve("/v1/log/entries"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", signer.authorization(bytes))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static Checkpoint awaitCheckpoint(long atLeast, VerifierKey key) throws Exception {
        Instant deadline = Instant.now().plusSeconds(15);
        while (true) {
            Checkpoint c = Checkpoint.openSigned(getText("/v1/log/checkpoint").getBytes(StandardCharsets.UTF_8), key);
            if (c.size() >= atLeast) {
                return c;
            }
            assertTrue(Instant.now().isBefore(deadline), "no signed checkpoint of size " + atLeast + " within 15 s");
            Thread.sleep(50);
        }
    }

    private static byte[] leafOf(long index) throws Exception {
        return audit.storedLeaf(index);
    }

    private static List<byte[]> hashes(JsonNode proof) {
        List<byte[]> out = new ArrayList<>();
        proof.path("hashes").forEach(h -> out.add(Base64.getDecoder().decode(h.asText())));
        return out;
    }

    private Path write(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    private static String getText(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(audit.baseUri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    private static JsonNode getJson(String path) throws Exception {
        return JSON.readTree(getText(path));
    }
}
