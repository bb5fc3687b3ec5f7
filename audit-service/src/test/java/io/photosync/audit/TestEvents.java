package io.photosync.audit;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.TextNode;
import io.photosync.audit.entry.LeafEncoder;
import io.photosync.audit.entry.PreparedEntry;
import io.photosync.audit.entry.ValidEvent;
import io.photosync.common.source.SourceTokenSigner;
import io.photosync.testsupport.TestSourceKeys;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Events and signed submissions as the sources make them, for tests. */
public final class TestEvents {
    public static final SourceTokenSigner ACCOUNT =
            new SourceTokenSigner(TestSourceKeys.ACCOUNT_SERVICE, TestSourceKeys.ACCOUNT_SERVICE_PRIVATE_JWK);
    public static final SourceTokenSigner SYNC =
            new SourceTokenSigner(TestSourceKeys.SYNC_SERVICE, TestSourceKeys.SYNC_SERVICE_PRIVATE_JWK);

    private TestEvents() {}

    /** A SIGN_IN event as JSON, with personal values. */
    public static String signIn(UUID id) {
        return """
            {"id":"%s","type":"SIGN_IN","source":"account-service","occurredAt":"%s","accountId":"%s",
             "deviceId":"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs","sessionId":"%s",
             "data":{"authMethod":"password","deviceFirstSeen":true},
             "personal":{"ip":"203.0.113.7","ipCity":"Paris","ipLat":48.8566,"deviceName":"Zoë's phone"}}\
            """.formatted(id, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), UUID.randomUUID());
    }

    public static String batch(List<String> events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    public static String signInBatch(List<UUID> ids) {
        return batch(ids.stream().map(TestEvents::signIn).collect(Collectors.toList()));
    }

    public static List<UUID> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> UUID.randomUUID()).toList();
    }

    public static ValidatableResponse submit(SourceTokenSigner signer, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return submitWith(signer.authorization(bytes), bytes);
    }

    public static ValidatableResponse submitWith(String authorization, byte[] body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/v1/log/entries").then();
    }

    /** A prepared PHOTO_DELETED entry, to feed storage directly in sequencer tests. */
    public static PreparedEntry preparedEntry() {
        return LeafEncoder.encode(new ValidEvent(
                UUID.randomUUID(),
                "PHOTO_DELETED",
                "sync-service",
                "2026-11-21T10:00:00.000Z",
                UUID.randomUUID(),
                null,
                null,
                UUID.randomUUID(),
                Map.of("sha256", new TextNode("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU")),
                Map.of("ip", new TextNode("198.51.100.4"))));
    }
}
