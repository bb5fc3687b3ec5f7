package io.photosync.audit.sequencing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.audit.TestEvents;
import io.photosync.audit.log.Hashes;
import io.photosync.audit.storage.LogStorage;
import io.photosync.common.source.SourceTokenSigner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** docs/EVENTS.md "Chains": the sequencer links each entry of an account's chains to the chain's previous entry. */
@QuarkusTest
class ChainLinksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICE = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    @Inject
    LogStorage storage;

    private static String event(String type, String source, UUID account, UUID photo) {
        return """
            {"id":"%s","type":"%s","source":"%s","occurredAt":"%s","accountId":"%s","deviceId":"%s","sessionId":"%s"%s}\
            """.formatted(
                        UUID.randomUUID(),
                        type,
                        source,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS),
                        account,
                        DEVICE,
                        UUID.randomUUID(),
                        photo == null ? "" : ",\"photoId\":\"" + photo + "\"");
    }

    private record Logged(long index, byte[] leafHash, JsonNode leaf) {}

    private List<Logged> submit(SourceTokenSigner signer, String... events) throws Exception {
        JsonPath answer = TestEvents.submit(signer, TestEvents.batch(List.of(events)))
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Logged> logged = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            long index = answer.getLong("entries[" + i + "].index");
            byte[] leaf = storage.entry(index).orElseThrow().entry();
            byte[] answered = Base64.getDecoder().decode(answer.getString("entries[" + i + "].leafHash"));
            assertArrayEquals(Hashes.leafHash(leaf), answered, "the source is answered the hash of the linked leaf");
            logged.add(new Logged(index, answered, JSON.readTree(leaf)));
        }
        return logged;
    }

    private static void assertLinked(Logged previous, Logged next) {
        JsonNode prev = next.leaf().path("prev");
        assertEquals(previous.index(), prev.path("index").asLong(), "link of entry " + next.index());
        assertEquals(
                Base64.getEncoder().encodeToString(previous.leafHash()),
                prev.path("leafHash").asText(),
                "link of entry " + next.index());
    }

    @Test
    void eachAccountHasASessionChainAndEachPhotoItsOwnChainAcrossBatches() throws Exception {
        UUID account = UUID.randomUUID();
        UUID photo = UUID.randomUUID();
        UUID otherPhoto = UUID.randomUUID();
        List<Logged> first = submit(
                TestEvents.ACCOUNT,
                event("ACCOUNT_CREATED", "account-service", account, null),
                event("SIGN_IN", "account-service", account, null),
                event("TOKEN_REFRESHED", "account-service", account, null),
                event("SIGN_IN", "account-service", UUID.randomUUID(), null));
        List<Logged> photos = submit(
                TestEvents.SYNC,
                event("PHOTO_UPLOADED", "sync-service", account, photo),
                event("PHOTO_UPLOADED", "sync-service", account, otherPhoto),
                event("PHOTO_DELIVERED", "sync-service", account, photo));
        List<Logged> later = submit(TestEvents.ACCOUNT, event("SESSION_REVOKED", "account-service", account, null));

        assertEquals(2, first.getFirst().leaf().path("v").asInt());
        assertFalse(first.getFirst().leaf().has("prev"), "the account's first entry starts its session chain");
        assertLinked(first.get(0), first.get(1));
        assertFalse(first.get(2).leaf().has("prev"), "a refresh is on no chain");
        assertFalse(first.get(3).leaf().has("prev"), "another account's first sign-in starts that account's chain");
        assertLinked(first.get(1), later.getFirst());

        assertFalse(photos.get(0).leaf().has("prev"), "a photo's first upload starts the photo's chain");
        assertFalse(photos.get(1).leaf().has("prev"), "each photo has its own chain");
        assertLinked(photos.get(0), photos.get(2));
    }

    @Test
    void aResubmittedEventIsAnsweredWithItsLinkedLeafHash() throws Exception {
        UUID account = UUID.randomUUID();
        String created = event("ACCOUNT_CREATED", "account-service", account, null);
        String signIn = event("SIGN_IN", "account-service", account, null);
        List<Logged> logged = submit(TestEvents.ACCOUNT, created, signIn);
        List<Logged> again = submit(TestEvents.ACCOUNT, created, signIn);
        assertEquals(logged.get(1).index(), again.get(1).index());
        assertArrayEquals(logged.get(1).leafHash(), again.get(1).leafHash());
        assertLinked(logged.get(0), again.get(1));
    }
}
