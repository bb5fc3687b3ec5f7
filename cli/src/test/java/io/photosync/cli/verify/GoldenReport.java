package io.photosync.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * A log and a report built from one of the scenarios in {@code provenance-golden/}: the report (without evidence)
 * and its disclosed fields are what audit-service's ProvenanceAnalyzer produced for the scenario (its
 * ProvenanceGoldenTest checks they still are); the leaves, version 2 with chain links, the checkpoint and the
 * evidence are built here from docs/EVENTS.md, signed by a {@link TestLog}.
 */
final class GoldenReport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SALT = "AAECAwQFBgcICQoLDA0ODw";

    final JsonNode golden;
    final TestLog log;
    final List<byte[]> leaves = new ArrayList<>();
    final ObjectNode report;

    GoldenReport(String scenario) throws Exception {
        this(scenario, 2);
    }

    GoldenReport(String scenario, int leafVersion) throws Exception {
        try (InputStream in = GoldenReport.class.getResourceAsStream("/provenance-golden/" + scenario)) {
            golden = JSON.readTree(in);
        }
        log = new TestLog("example.test/audit-log");
        Map<String, Object[]> lastOfChain = new HashMap<>();
        JsonNode events = golden.path("log");
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            ObjectNode leaf = JSON.createObjectNode().put("v", leafVersion);
            for (String f :
                    List.of("id", "type", "source", "occurredAt", "accountId", "deviceId", "sessionId", "photoId")) {
                if (e.hasNonNull(f)) {
                    leaf.put(f, e.get(f).asText());
                }
            }
            if (e.has("data")) {
                leaf.set("data", e.get("data"));
            }
            if (e.has("personal")) {
                ObjectNode personal = leaf.putObject("personal");
                e.get("personal").fields().forEachRemaining(f -> personal.put(f.getKey(), digest(f.getValue())));
            }
            String chain = chainOf(e);
            if (chain != null && leafVersion >= 2) {
                Object[] prev = lastOfChain.get(chain);
                if (prev != null) {
                    leaf.putObject("prev").put("index", (Long) prev[0]).put("leafHash", (String) prev[1]);
                }
            }
            byte[] bytes = canonical(leaf);
            leaves.add(bytes);
            if (chain != null) {
                lastOfChain.put(
                        chain, new Object[] {(long) i, Base64.getEncoder().encodeToString(Merkle.leafHash(bytes))});
            }
        }
        report = golden.path("report").deepCopy();
        ObjectNode evidence = report.putObject("evidence");
        evidence.put("checkpoint", log.checkpoint(leaves));
        evidence.put("logKey", log.vkey);
        ArrayNode entries = evidence.putArray("entries");
        for (long index : chainIndices()) {
            entries.add(evidenceEntry(index));
        }
    }

    /** The indices of the account's session chain and the photo's chain: what the evidence must hold. */
    Set<Long> chainIndices() {
        Set<Long> out = new TreeSet<>();
        JsonNode events = golden.path("log");
        for (int i = 0; i < events.size(); i++) {
            String chain = chainOf(events.get(i));
            if (chain != null
                    && (chain.equals("session " + account()) || chain.equals("photo " + account() + " " + photo()))) {
                out.add((long) i);
            }
        }
        return out;
    }

    String account() {
        return golden.path("accountId").asText();
    }

    String photo() {
        return golden.path("photoId").asText();
    }

    JsonNode event(long index) {
        return golden.path("log").get((int) index);
    }

    /** The evidence entry of {@code index} with inclusion proof and the disclosures the analyzer chose for it. */
    ObjectNode evidenceEntry(long index) {
        List<String> fields = new ArrayList<>();
        golden.path("disclosed").path(Long.toString(index)).forEach(f -> fields.add(f.asText()));
        return evidenceEntry(index, fields);
    }

    ObjectNode evidenceEntry(long index, List<String> disclosedFields) {
        ObjectNode e = JSON.createObjectNode()
                .put("index", index)
                .put("leaf", Base64.getEncoder().encodeToString(leaves.get((int) index)));
        ArrayNode proof = e.putArray("inclusionProof");
        DefinitionalTree.inclusionProof(leaves, (int) index)
                .forEach(h -> proof.add(Base64.getEncoder().encodeToString(h)));
        ArrayNode disclosures = e.putArray("disclosures");
        for (String field : disclosedFields) {
            disclosures
                    .addObject()
                    .put("field", field)
                    .put("salt", SALT)
                    .set("value", event(index).path("personal").get(field));
        }
        return e;
    }

    private static String chainOf(JsonNode e) {
        String type = e.path("type").asText();
        if (ReportVerifier.SESSION_CHAIN.contains(type)) {
            return "session " + e.path("accountId").asText();
        }
        if (ReportVerifier.PHOTO_CHAIN.contains(type)) {
            return "photo " + e.path("accountId").asText() + " "
                    + e.path("photoId").asText();
        }
        return null;
    }

    /** docs/EVENTS.md: base64url-nopad(SHA-256(salt ‖ UTF-8(JCS(value)))). */
    static String digest(JsonNode value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Base64.getUrlDecoder().decode(SALT));
            byte[] array = new JsonCanonicalizer("[" + value + "]").getEncodedUTF8();
            sha.update(array, 1, array.length - 2);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] canonical(JsonNode node) throws IOException {
        return new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedUTF8();
    }

    byte[] bytes() throws IOException {
        return JSON.writeValueAsBytes(report);
    }

    static String text(byte[] leaf) {
        return new String(leaf, StandardCharsets.UTF_8);
    }
}
