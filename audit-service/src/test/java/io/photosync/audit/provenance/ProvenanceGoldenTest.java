package io.photosync.audit.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The analyzer against the scenarios that cli's offline verifier is tested with
 * ({@code cli/src/test/resources/provenance-golden}): for each, the report (without evidence) and the disclosed
 * fields the analyzer produces from the scenario's chains must be exactly the ones recorded there, which cli's
 * ReportVerifierTest then verifies by re-rendering them independently. Run with {@code -Dgolden.write=true} to
 * record the analyzer's answer after a deliberate change of the rendering (and change cli's to match).
 */
class ProvenanceGoldenTest {
    static final Path GOLDEN = Path.of("..", "cli", "src", "test", "resources", "provenance-golden");
    private static final Set<String> SESSION_CHAIN =
            Set.of("ACCOUNT_CREATED", "SIGN_IN", "SESSION_REVOKED", "DEVICE_REVOKED", "REFRESH_TOKEN_REUSE");
    private static final Set<String> PHOTO_CHAIN =
            Set.of("PHOTO_UPLOADED", "PHOTO_DELIVERED", "PHOTO_DOWNLOADED", "PHOTO_DELETED");
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @ParameterizedTest
    @ValueSource(strings = {"incident.json", "not-delivered.json", "own-upload.json"})
    void theAnalyzerRendersEachScenarioExactlyAsRecordedForTheVerifier(String scenario) throws IOException {
        Path file = GOLDEN.resolve(scenario);
        ObjectNode golden = (ObjectNode) JSON.readTree(file.toFile());
        UUID account = UUID.fromString(golden.path("accountId").asText());
        UUID photo = UUID.fromString(golden.path("photoId").asText());
        List<LoggedEvent> chains = new ArrayList<>();
        JsonNode log = golden.path("log");
        for (int i = 0; i < log.size(); i++) {
            JsonNode e = log.get(i);
            String type = e.path("type").asText();
            boolean mine = account.toString().equals(e.path("accountId").asText());
            if (mine
                    && (SESSION_CHAIN.contains(type)
                            || PHOTO_CHAIN.contains(type)
                                    && photo.toString().equals(e.path("photoId").asText()))) {
                chains.add(new LoggedEvent(
                        i,
                        type,
                        Instant.parse(e.path("occurredAt").asText()),
                        account,
                        text(e, "deviceId"),
                        uuid(e, "sessionId"),
                        uuid(e, "photoId"),
                        scalars(e.path("data")),
                        scalars(e.path("personal"))));
            }
        }
        JsonNode settings = golden.path("settings");
        ProvenanceAnalyzer analyzer = new ProvenanceAnalyzer(
                settings.path("impossibleTravelKmh").asDouble(),
                settings.path("accountUrl").asText());
        ProvenanceReport.AsOf asOf = new ProvenanceReport.AsOf(
                golden.path("asOf").path("treeSize").asLong(),
                Instant.parse(golden.path("asOf").path("at").asText()));
        ProvenanceAnalyzer.Analysis analysis = analyzer.analyze(
                        photo, golden.path("askingDeviceId").asText(), chains, asOf)
                .orElseThrow();
        JsonNode report = JSON.valueToTree(analysis.report());
        JsonNode disclosed = JSON.valueToTree(analysis.disclosed());
        if (Boolean.getBoolean("golden.write")) {
            golden.set("report", report);
            golden.set("disclosed", disclosed);
            Files.writeString(
                    file,
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(golden) + "\n",
                    StandardCharsets.UTF_8);
        }
        assertEquals(golden.path("report").toPrettyString(), report.toPrettyString(), scenario);
        assertEquals(golden.path("disclosed"), disclosed, scenario);
    }

    private static Map<String, Object> scalars(JsonNode object) {
        Map<String, Object> values = new HashMap<>();
        object.fields()
                .forEachRemaining(f -> values.put(
                        f.getKey(),
                        f.getValue().isNumber()
                                ? f.getValue().numberValue()
                                : f.getValue().isBoolean()
                                        ? (Object) f.getValue().booleanValue()
                                        : f.getValue().asText()));
        return values;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static UUID uuid(JsonNode node, String field) {
        return node.hasNonNull(field) ? UUID.fromString(node.get(field).asText()) : null;
    }
}
