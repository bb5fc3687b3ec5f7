package io.photosync.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a provenance report (docs/ARCHITECTURE.md, "The provenance report") offline: the checkpoint is signed
 * by the trusted log key, every evidence entry is included in that checkpoint, every disclosure recomputes
 * to the salted digest its leaf holds, every chain step says exactly what the leaf it cites says, the evidence
 * is the account's complete session chain and the photo's complete chain (docs/EVENTS.md "Chains"), and the
 * verdict, findings, summary, explanation and actions are exactly what {@link Provenance} renders from those
 * verified entries (docs/EVENTS.md "What {@code verify} checks").
 */
public final class ReportVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a chain step is named in a report and which log event type backs it. */
    private static final Map<String, String> EVENT_TYPE_OF_STEP = Map.of(
            "SIGN_IN", "SIGN_IN",
            "UPLOAD", "PHOTO_UPLOADED",
            "DELIVERY", "PHOTO_DELIVERED",
            "DOWNLOAD", "PHOTO_DOWNLOADED",
            "DELETE", "PHOTO_DELETED",
            "REFRESH", "TOKEN_REFRESHED",
            "SESSION_REVOKED", "SESSION_REVOKED",
            "DEVICE_REVOKED", "DEVICE_REVOKED");

    /** Chain-step fields shown in clear in the report and the leaf field (clear or disclosed) each must equal. */
    private static final List<StepField> STEP_FIELDS = List.of(
            new StepField("deviceId", "deviceId"),
            new StepField("sessionId", "sessionId"),
            new StepField("authMethod", "data.authMethod"),
            new StepField("ip", "personal.ip"),
            new StepField("deviceName", "personal.deviceName"),
            new StepField("location.city", "personal.ipCity"),
            new StepField("location.region", "personal.ipRegion"),
            new StepField("location.country", "personal.ipCountry"),
            new StepField("location.source", "personal.ipSource"));

    /**
     * Capture fields of {@code photo.capture} and the field of the upload's leaf each must equal; lat/lon are disclosed
     * numbers.
     */
    private static final List<StepField> CAPTURE_FIELDS = List.of(
            new StepField("takenAt", "data.captureTakenAt"),
            new StepField("make", "data.captureMake"),
            new StepField("model", "data.captureModel"),
            new StepField("lat", "personal.captureLat"),
            new StepField("lon", "personal.captureLon"));

    private record StepField(String reportPath, String leafPath) {}

    /** The session chain and photo chain as verified: their first and last log index and length. */
    public record ChainSpan(String name, long first, long last, int entries) {}

    public record Result(
            Checkpoint checkpoint,
            int entries,
            int disclosures,
            int steps,
            String accountId,
            int findings,
            List<ChainSpan> chains,
            String accountServiceUrl,
            boolean accountServiceUrlPinned) {}

    /** Types on the account's session chain and on a photo's chain (docs/EVENTS.md "Chains"). */
    static final Set<String> SESSION_CHAIN =
            Set.of("ACCOUNT_CREATED", "SIGN_IN", "SESSION_REVOKED", "DEVICE_REVOKED", "REFRESH_TOKEN_REUSE");

    static final Set<String> PHOTO_CHAIN =
            Set.of("PHOTO_UPLOADED", "PHOTO_DELIVERED", "PHOTO_DOWNLOADED", "PHOTO_DELETED");
    /** audit-service's default {@code audit.provenance.impossible-travel-kmh}. */
    public static final double DEFAULT_IMPOSSIBLE_TRAVEL_KMH = 1000;

    private ReportVerifier() {}

    public static Result verify(byte[] reportJson, VerifierKey trustedKey) throws VerificationException {
        return verify(reportJson, trustedKey, DEFAULT_IMPOSSIBLE_TRAVEL_KMH, null);
    }

    /**
     * @param accountServiceUrl the account-service base URL the actions must link to; null to take it from the report's
     *                          REVIEW_SESSIONS action (then every other action must agree with it, but a report whose
     *                          links all point elsewhere is not caught)
     */
    public static Result verify(
            byte[] reportJson, VerifierKey trustedKey, double impossibleTravelKmh, String accountServiceUrl)
            throws VerificationException {
        JsonNode report;
        try {
            report = JSON.readTree(reportJson);
        } catch (java.io.IOException e) {
            throw new VerificationException("report is not JSON: " + e.getMessage());
        }
        Signed signed = signed(report, "report", trustedKey);
        Checkpoint checkpoint = signed.checkpoint();
        Instant asOfAt = signed.asOfAt();
        JsonNode evidence = report.path("evidence");

        Map<Long, Leaf> leaves = new HashMap<>();
        int disclosures = 0;
        JsonNode entries = evidence.path("entries");
        if (!entries.isArray() || entries.isEmpty()) {
            throw new VerificationException("evidence.entries is empty");
        }
        JsonNode chain = report.path("chain");
        for (int i = 0; i < entries.size(); i++) {
            try {
                disclosures += checkEntry(entries.get(i), i, checkpoint, leaves);
            } catch (VerificationException e) {
                throw new VerificationException(
                        e.getMessage() + stepsCiting(chain, entries.get(i).path("index")));
            }
        }

        String photoId = uuidText(report.path("photo").path("id"), "photo.id");
        String askingDevice = report.path("device").path("id").asText("");
        if (askingDevice.isEmpty()) {
            throw new VerificationException("device.id is missing");
        }
        String accountId = Chains.checkAccount(leaves);
        List<ChainSpan> spans = Chains.checkComplete(leaves, photoId);
        if (!chain.isArray() || chain.isEmpty()) {
            throw new VerificationException("the report's chain is empty");
        }
        for (int s = 0; s < chain.size(); s++) {
            checkStep(chain.get(s), s, leaves, report);
        }
        checkCapture(report.path("photo"), chain, leaves);
        checkDevice(report.path("device"), leaves);
        Chains.checkLinkage(chain, leaves, askingDevice, photoId);

        boolean pinned = accountServiceUrl != null;
        String base = pinned ? stripSlash(accountServiceUrl) : accountServiceUrlOf(report.path("actions"));
        Provenance.Result expected;
        try {
            expected = Provenance.recompute(
                            new Provenance.Settings(impossibleTravelKmh, base),
                            photoId,
                            askingDevice,
                            checkpoint.size(),
                            asOfAt,
                            leaves.values().stream().map(Leaf::event).toList())
                    .orElseThrow(() -> new VerificationException("the evidence holds no upload of photo " + photoId
                            + " or no sign-in of device " + askingDevice + ": it backs no report"));
        } catch (Provenance.Undisclosed e) {
            throw new VerificationException(e.getMessage());
        }
        Recomputed.compare(report, expected);
        return new Result(
                checkpoint,
                leaves.size(),
                disclosures,
                chain.size(),
                accountId,
                expected.findings().size(),
                spans,
                base,
                pinned);
    }

    /** The verified checkpoint of a document's evidence and the time its {@code asOf} gives. */
    record Signed(Checkpoint checkpoint, Instant asOfAt) {}

    /**
     * Checks that a document's {@code evidence.logKey} (if given) is the trusted key, its {@code evidence.checkpoint}
     * is signed
     * by that key, and its {@code asOf.treeSize} is that checkpoint's size.
     */
    static Signed signed(JsonNode document, String what, VerifierKey trustedKey) throws VerificationException {
        JsonNode evidence = document.path("evidence");
        if (!evidence.isObject()) {
            throw new VerificationException(what + " has no evidence");
        }
        String documentKey = evidence.path("logKey").asText("");
        if (!documentKey.isEmpty() && !documentKey.strip().equals(encode(trustedKey))) {
            throw new VerificationException("evidence.logKey is not the trusted log key " + encode(trustedKey));
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.openSigned(
                    evidence.path("checkpoint").asText("").getBytes(StandardCharsets.UTF_8), trustedKey);
        } catch (VerificationException e) {
            throw new VerificationException("evidence.checkpoint: " + e.getMessage());
        }

        JsonNode asOf = document.path("asOf");
        if (!asOf.path("treeSize").canConvertToLong() || !asOf.path("at").isTextual()) {
            throw new VerificationException(
                    what + " has no asOf {treeSize, at}: it cannot say as of when its absences hold");
        }
        if (asOf.path("treeSize").asLong() != checkpoint.size()) {
            throw new VerificationException(
                    "asOf.treeSize " + asOf.path("treeSize").asLong() + " is not the size of the verified checkpoint, "
                            + checkpoint.size());
        }
        Instant asOfAt;
        try {
            asOfAt = Instant.parse(asOf.path("at").asText());
        } catch (DateTimeParseException e) {
            throw new VerificationException("asOf.at '" + asOf.path("at").asText() + "' is not an RFC 3339 instant");
        }
        return new Signed(checkpoint, asOfAt);
    }

    private static String accountServiceUrlOf(JsonNode actions) throws VerificationException {
        for (JsonNode a : actions) {
            String href = a.path("href").asText("");
            if ("REVIEW_SESSIONS".equals(a.path("kind").asText()) && href.endsWith("/v1/me/sessions")) {
                return href.substring(0, href.length() - "/v1/me/sessions".length());
            }
        }
        throw new VerificationException(
                "action REVIEW_SESSIONS missing (or not a link to <account-service>/v1/me/sessions)");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String uuidText(JsonNode node, String where) throws VerificationException {
        if (!node.isTextual()) {
            throw new VerificationException(where + " is missing");
        }
        try {
            return java.util.UUID.fromString(node.asText()).toString();
        } catch (IllegalArgumentException e) {
            throw new VerificationException(where + " '" + node.asText() + "' is not a UUID");
        }
    }

    /**
     * Checks one evidence entry (inclusion, canonical form, disclosures) and adds its leaf; returns its disclosure
     * count.
     */
    static int checkEntry(JsonNode entry, int i, Checkpoint checkpoint, Map<Long, Leaf> leaves)
            throws VerificationException {
        String where = "evidence.entries[" + i + "]";
        int disclosures = 0;
        if (!entry.path("index").canConvertToLong()) {
            throw new VerificationException(where + ": no index");
        }
        long index = entry.path("index").asLong();
        where += " (log index " + index + ")";
        byte[] leafBytes = base64(entry.path("leaf"), where + ".leaf");
        try {
            Merkle.verifyInclusion(
                    index,
                    checkpoint.size(),
                    Merkle.leafHash(leafBytes),
                    base64List(entry.path("inclusionProof"), where + ".inclusionProof"),
                    checkpoint.rootHash());
        } catch (VerificationException e) {
            throw new VerificationException(where + ": inclusion proof fails: " + e.getMessage());
        }
        Leaf leaf = Leaf.parse(index, leafBytes, where);
        Map<String, String> disclosed = new HashMap<>();
        Map<String, JsonNode> disclosedJson = new HashMap<>();
        for (JsonNode d : entry.path("disclosures")) {
            String field = d.path("field").asText("");
            String dWhere = where + " disclosure '" + field + "'";
            if (!d.path("salt").isTextual() || !d.has("value")) {
                throw new VerificationException(dWhere + ": needs a salt and a value");
            }
            String expected = leaf.personalDigest(field)
                    .orElseThrow(() -> new VerificationException(dWhere + ": the leaf holds no digest for this field"));
            String actual;
            try {
                actual = LeafFormat.saltedDigest(d.path("salt").asText(), d.get("value"));
            } catch (VerificationException e) {
                throw new VerificationException(dWhere + ": " + e.getMessage());
            }
            if (!actual.equals(expected)) {
                throw new VerificationException(
                        dWhere + ": salted digest of the disclosed value does not match the leaf");
            }
            disclosed.put(field, LeafFormat.displayValue(d.get("value")));
            disclosedJson.put(field, d.get("value"));
            disclosures++;
        }
        if (leaves.put(index, leaf.withDisclosed(disclosed, disclosedJson)) != null) {
            throw new VerificationException(where + ": the same log index appears twice in the evidence");
        }
        return disclosures;
    }

    /** "; it backs chain[1] (UPLOAD)", so that a broken entry is named by the step a reader sees. */
    private static String stepsCiting(JsonNode chain, JsonNode index) {
        List<String> steps = new ArrayList<>();
        for (int s = 0; s < chain.size(); s++) {
            if (index.canConvertToLong()
                    && chain.get(s).path("logIndex").canConvertToLong()
                    && chain.get(s).path("logIndex").asLong() == index.asLong()) {
                steps.add("chain[" + s + "] (" + chain.get(s).path("step").asText("?") + ")");
            }
        }
        return steps.isEmpty() ? "" : "; it backs " + String.join(", ", steps);
    }

    private static void checkStep(JsonNode step, int s, Map<Long, Leaf> leaves, JsonNode report)
            throws VerificationException {
        JsonNode photo = report.path("photo");
        String name = step.path("step").asText("?");
        String where = "chain[" + s + "] (" + name + ")";
        if (!step.path("logIndex").canConvertToLong()) {
            throw new VerificationException(where + ": cites no log index");
        }
        long index = step.path("logIndex").asLong();
        Leaf leaf = leaves.get(index);
        if (leaf == null) {
            throw new VerificationException(
                    where + ": cites log index " + index + " but the evidence holds no such entry");
        }
        where += " at log index " + index;
        String expectedType = EVENT_TYPE_OF_STEP.getOrDefault(name, name);
        if (!expectedType.equals(leaf.text("type"))) {
            throw new VerificationException(
                    where + ": the leaf is a " + leaf.text("type") + " event, not " + expectedType);
        }
        if (step.hasNonNull("at")) {
            checkSameInstant(where, step.path("at").asText(), leaf.text("occurredAt"));
        }
        for (StepField f : STEP_FIELDS) {
            JsonNode shown = at(step, f.reportPath());
            if (shown == null || shown.isNull()) {
                continue;
            }
            String backed = leaf.value(f.leafPath());
            if (backed == null
                    && f.reportPath().equals("deviceName")
                    && leaf.personalDigest("deviceName").isEmpty()) {
                // activity entries carry no device name: it is the one the device gave when its session signed in
                backed = sessionSignIn(leaf, leaves)
                        .map(signIn -> signIn.value("personal.deviceName"))
                        .orElse(null);
                if (backed == null) {
                    throw new VerificationException(where + ": deviceName '" + shown.asText()
                            + "' is not backed by the leaf nor by" + " a SIGN_IN entry of session "
                            + leaf.text("sessionId") + " in the evidence disclosing it");
                }
            }
            if (backed == null) {
                throw new VerificationException(
                        where + ": " + f.reportPath() + " '" + shown.asText() + "' is not backed by the leaf (no "
                                + f.leafPath() + (f.leafPath().startsWith("personal.") ? " disclosed)" : ")"));
            }
            if (!backed.equals(LeafFormat.displayValue(shown))) {
                throw new VerificationException(where + ": " + f.reportPath() + " says '" + shown.asText()
                        + "' but the leaf says '" + backed + "'");
            }
        }
        if (leaf.text("photoId") != null
                && photo.hasNonNull("id")
                && !photo.path("id").asText().equals(leaf.text("photoId"))) {
            throw new VerificationException(where + ": the leaf is about photo " + leaf.text("photoId") + ", not "
                    + photo.path("id").asText());
        }
        String leafSha = leaf.value("data.sha256");
        if (leafSha != null
                && photo.hasNonNull("sha256")
                && !photo.path("sha256").asText().equals(leafSha)) {
            throw new VerificationException(
                    where + ": the leaf's photo sha256 " + leafSha + " differs from the report's");
        }
        String askingDevice = report.path("device").path("id").asText(null);
        if ((name.equals("DELIVERY") || name.equals("DOWNLOAD"))
                && askingDevice != null
                && !askingDevice.equals(leaf.text("deviceId"))) {
            throw new VerificationException(where + ": the leaf records it for device " + leaf.text("deviceId")
                    + ", not for the report's device " + askingDevice);
        }
    }

    /** The SIGN_IN entry in the evidence that opened the session of {@code leaf}, by the same device. */
    private static Optional<Leaf> sessionSignIn(Leaf leaf, Map<Long, Leaf> leaves) {
        String session = leaf.text("sessionId");
        String device = leaf.text("deviceId");
        if (session == null || device == null) {
            return Optional.empty();
        }
        return leaves.values().stream()
                .filter(l -> "SIGN_IN".equals(l.text("type"))
                        && session.equals(l.text("sessionId"))
                        && device.equals(l.text("deviceId")))
                .findFirst();
    }

    /**
     * {@code photo.capture} must say what the photo's first upload in the chain recorded: make, model and time in
     * clear, latitude and longitude through that entry's disclosures.
     */
    private static void checkCapture(JsonNode photo, JsonNode chain, Map<Long, Leaf> leaves)
            throws VerificationException {
        JsonNode capture = photo.path("capture");
        if (!capture.isObject()) {
            return;
        }
        long firstUpload = Long.MAX_VALUE;
        for (JsonNode step : chain) {
            if ("UPLOAD".equals(step.path("step").asText())
                    && step.path("logIndex").canConvertToLong()) {
                firstUpload = Math.min(firstUpload, step.path("logIndex").asLong());
            }
        }
        for (StepField f : CAPTURE_FIELDS) {
            JsonNode shown = capture.get(f.reportPath());
            if (shown == null || shown.isNull()) {
                continue;
            }
            String where = "photo.capture." + f.reportPath();
            Leaf upload = leaves.get(firstUpload);
            if (upload == null) {
                throw new VerificationException(
                        where + " '" + shown.asText() + "' is not backed: the chain cites no upload");
            }
            where += " (upload at log index " + firstUpload + ")";
            String backed = upload.value(f.leafPath());
            if (backed == null) {
                throw new VerificationException(where + ": '" + shown.asText() + "' is not backed by the leaf (no "
                        + f.leafPath() + (f.leafPath().startsWith("personal.") ? " disclosed)" : ")"));
            }
            boolean same = shown.isNumber() ? sameNumber(shown, backed) : backed.equals(LeafFormat.displayValue(shown));
            if (!same) {
                throw new VerificationException(
                        where + ": says '" + shown.asText() + "' but the leaf says '" + backed + "'");
            }
        }
    }

    /** {@code device.name} and {@code model} are what the asking device gave at a sign-in disclosed in the evidence. */
    private static void checkDevice(JsonNode device, Map<Long, Leaf> leaves) throws VerificationException {
        String id = device.path("id").asText(null);
        for (StepField f :
                List.of(new StepField("name", "personal.deviceName"), new StepField("model", "personal.deviceModel"))) {
            JsonNode shown = device.get(f.reportPath());
            if (shown == null || shown.isNull()) {
                continue;
            }
            boolean backed = id != null
                    && leaves.values().stream()
                            .anyMatch(l -> "SIGN_IN".equals(l.text("type"))
                                    && id.equals(l.text("deviceId"))
                                    && LeafFormat.displayValue(shown).equals(l.value(f.leafPath())));
            if (!backed) {
                throw new VerificationException("device." + f.reportPath() + " '" + shown.asText()
                        + "' is not backed by a SIGN_IN entry" + " of device " + id + " in the evidence disclosing it");
            }
        }
    }

    private static boolean sameNumber(JsonNode shown, String backed) {
        try {
            return new BigDecimal(backed).compareTo(shown.decimalValue()) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void checkSameInstant(String where, String shown, String logged) throws VerificationException {
        try {
            if (logged == null || !Instant.parse(shown).equals(Instant.parse(logged))) {
                throw new VerificationException(where + ": time " + shown + " differs from the leaf's " + logged);
            }
        } catch (DateTimeParseException e) {
            throw new VerificationException(where + ": time '" + shown + "' is not an RFC 3339 instant");
        }
    }

    /** Follows a dotted path such as {@code location.city}; null when absent. */
    static JsonNode at(JsonNode node, String dottedPath) {
        JsonNode n = node;
        for (String part : dottedPath.split("\\.")) {
            n = n.get(part);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    private static byte[] base64(JsonNode node, String where) throws VerificationException {
        if (!node.isTextual()) {
            throw new VerificationException(where + " is missing");
        }
        try {
            return Base64.getDecoder().decode(node.asText());
        } catch (IllegalArgumentException e) {
            throw new VerificationException(where + " is not base64");
        }
    }

    private static List<byte[]> base64List(JsonNode node, String where) throws VerificationException {
        if (!node.isArray()) {
            throw new VerificationException(where + " is missing");
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(base64(node.get(i), where + "[" + i + "]"));
        }
        return out;
    }

    static String encode(VerifierKey key) {
        byte[] typeAndKey = new byte[1 + key.publicKey().length];
        typeAndKey[0] = VerifierKey.ED25519_TYPE;
        System.arraycopy(key.publicKey(), 0, typeAndKey, 1, key.publicKey().length);
        return key.name() + "+" + String.format("%08x", key.keyId()) + "+"
                + Base64.getEncoder().encodeToString(typeAndKey);
    }

    /**
     * A parsed leaf plus the clear values the report disclosed for its personal digests (as text, and as the JSON
     * values disclosed), and its RFC 9162 leaf hash in standard base64.
     */
    record Leaf(
            long index,
            JsonNode json,
            Map<String, String> disclosed,
            Map<String, JsonNode> disclosedJson,
            String leafHash) {
        static Leaf parse(long index, byte[] bytes, String where) throws VerificationException {
            LeafFormat.requireCanonical(bytes, where);
            try {
                return new Leaf(
                        index,
                        JSON.readTree(bytes),
                        Map.of(),
                        Map.of(),
                        Base64.getEncoder().encodeToString(Merkle.leafHash(bytes)));
            } catch (java.io.IOException e) {
                throw new VerificationException(where + ": leaf is not JSON");
            }
        }

        Leaf withDisclosed(Map<String, String> values, Map<String, JsonNode> json) {
            return new Leaf(index, this.json, Map.copyOf(values), Map.copyOf(json), leafHash);
        }

        /** The entry as the recomputation reads it; ids normalised as UUIDs are written. */
        Provenance.Event event() {
            Set<String> digests = new java.util.HashSet<>();
            json.path("personal").fieldNames().forEachRemaining(digests::add);
            return new Provenance.Event(
                    index,
                    text("type"),
                    Instant.parse(text("occurredAt")),
                    text("deviceId"),
                    uuidOrNull("sessionId"),
                    uuidOrNull("photoId"),
                    json.path("data"),
                    disclosedJson,
                    digests);
        }

        private String uuidOrNull(String field) {
            String v = text(field);
            try {
                return v == null ? null : java.util.UUID.fromString(v).toString();
            } catch (IllegalArgumentException e) {
                return v;
            }
        }

        String text(String field) {
            JsonNode n = json.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }

        Optional<String> personalDigest(String field) {
            return LeafFormat.personalDigest(json, field);
        }

        /** A clear leaf field ({@code type}, {@code data.x}) or a disclosed personal one ({@code personal.x}). */
        String value(String path) {
            if (path.startsWith("personal.")) {
                return disclosed.get(path.substring("personal.".length()));
            }
            JsonNode n = at(json, path);
            return n == null || n.isNull() ? null : LeafFormat.displayValue(n);
        }
    }
}
