package io.photosync.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The verifier against real access logs: {@code access-log-golden/} holds two owners' access logs exactly as a
 * real audit-service answered them, with its log key (integration-tests' SupportAccessLogEndToEndTest saves them
 * when run with {@code -Daccess-log-golden.write=true}; see the folder's README). Alice's holds every kind of line:
 * grants given, asked for, ended by the owner and by the case's closing, an agent's reads and actions, a note and a
 * resolution with disclosed text, a lead's closing. Every line was rendered by audit-service; the verifier renders
 * its own from the verified leaves and must agree, and every edit of the answer must be refused, naming what is wrong.
 */
class AccessLogVerifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode golden(String name) throws IOException {
        try (InputStream in = AccessLogVerifierTest.class.getResourceAsStream("/access-log-golden/" + name)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private static VerifierKey logKey() throws Exception {
        try (InputStream in = AccessLogVerifierTest.class.getResourceAsStream("/access-log-golden/log.vkey")) {
            return VerifierKey.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    private static AccessLogVerifier.Result verify(JsonNode log, String askingAccount) throws Exception {
        return AccessLogVerifier.verify(JSON.writeValueAsBytes(log), logKey(), askingAccount);
    }

    private static String account(JsonNode log) throws Exception {
        return verify(log, null).accountId();
    }

    /** The edited access log must be refused with a message containing {@code expected}. */
    private static void refused(Consumer<ObjectNode> edit, String expected) throws Exception {
        ObjectNode log = golden("alice.json");
        edit.accept(log);
        VerificationException e = assertThrows(VerificationException.class, () -> verify(log, null));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private static ArrayNode entries(ObjectNode log) {
        return (ArrayNode) log.path("evidence").path("entries");
    }

    private static ArrayNode lines(ObjectNode log) {
        return (ArrayNode) log.path("lines");
    }

    /** The position of the first line whose {@code what} contains {@code text}. */
    private static int lineWith(ObjectNode log, String text) {
        for (int i = 0; i < lines(log).size(); i++) {
            if (lines(log).get(i).path("what").asText().contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with '" + text + "' in " + lines(log));
    }

    @Test
    void theRealAccessLogVerifiesAndEveryLineIsTheOneTheCliRenders() throws Exception {
        ObjectNode log = golden("alice.json");
        AccessLogVerifier.Result result = verify(log, null);
        assertEquals(lines(log).size(), result.lines().size());
        assertEquals(log.at("/asOf/treeSize").asLong(), result.checkpoint().size());
        for (int i = 0; i < result.lines().size(); i++) {
            assertEquals(
                    lines(log).get(i).path("what").asText(),
                    result.lines().get(i).what());
            assertEquals(
                    lines(log).get(i).path("index").asLong(),
                    result.lines().get(i).index());
        }
        for (String kind : new String[] {
            "Support may see your account",
            "Support asked to see your account",
            "ended (you ended it)",
            "ended (the case was closed)",
            "read the provenance report of photo",
            "read your sessions, devices and alerts",
            "assigned the case to",
            "signed out device",
            "signed out session",
            "added a note: \"",
            "resolved the case: \"",
            "(support-lead) closed the case in case"
        }) {
            lineWith(log, kind);
        }
        assertEquals(2, result.disclosures(), "the note's and the resolution's text");
        assertEquals(account(log), verify(log, account(log)).accountId());
        AccessLogVerifier.Result bob = verify(golden("bob.json"), null);
        assertEquals(lines(golden("bob.json")).size(), bob.lines().size());
        assertTrue(!bob.accountId().equals(result.accountId()), "two owners, two access chains");
    }

    @Test
    void aLineSayingSomethingElseIsRefused() throws Exception {
        int i = lineWith(golden("alice.json"), "signed out device");
        refused(
                log -> ((ObjectNode) lines(log).get(i))
                        .put(
                                "what",
                                lines(log)
                                        .get(i)
                                        .path("what")
                                        .asText()
                                        .replace("signed out device", "looked at device")),
                "lines[" + i + "]");
        refused(
                log -> ((ObjectNode) lines(log).get(i)).put("what", "nothing happened"),
                "'what' is 'nothing happened' but log entry");
        refused(log -> ((ObjectNode) lines(log).get(i)).put("staffId", "S-9999"), "'staffId' is 'S-9999'");
        refused(
                log -> ((ObjectNode) lines(log).get(i)).put("at", "2020-01-01T00:00:00Z"),
                "'at' is '2020-01-01T00:00:00Z'");
        refused(log -> ((ObjectNode) lines(log).get(i)).remove("caseId"), "lacks 'caseId'");
        refused(log -> ((ObjectNode) lines(log).get(0)).put("photoId", "x"), "has a field 'photoId'");
    }

    @Test
    void linesLeftOutAddedOrSwappedAreRefused() throws Exception {
        refused(log -> lines(log).remove(lines(log).size() - 1), "is missing: log entry");
        refused(log -> lines(log).add(lines(log).get(0).deepCopy()), "is backed by no evidence entry");
        refused(
                log -> {
                    JsonNode first = lines(log).get(0);
                    lines(log).set(0, lines(log).get(1));
                    lines(log).set(1, first);
                },
                "lines[0]");
    }

    @Test
    void anEntryLeftOutBreaksTheAccessChain() throws Exception {
        int i = lineWith(golden("alice.json"), "read your sessions, devices and alerts");
        refused(
                log -> {
                    entries(log).remove(i);
                    lines(log).remove(i);
                },
                "access chain: entry "
                        + golden("alice.json")
                                .at("/lines/" + (i + 1) + "/index")
                                .asLong() + " links to entry "
                        + golden("alice.json").at("/lines/" + i + "/index").asLong()
                        + ", which the evidence does not contain");
        refused(
                log -> {
                    entries(log).remove(0);
                    lines(log).remove(0);
                },
                "its first in the evidence, links to entry");
    }

    @Test
    void anEntryOfAnotherAccountIsRefused() throws Exception {
        ObjectNode bob = golden("bob.json");
        assertEquals(
                golden("alice.json").at("/asOf/treeSize"), bob.at("/asOf/treeSize"), "both logs are of one checkpoint");
        refused(
                log -> {
                    // Bob's entry, under the same signed checkpoint, put where its index belongs in Alice's log
                    long index = bob.at("/evidence/entries/0/index").asLong();
                    int at = 0;
                    while (at < entries(log).size()
                            && entries(log).get(at).path("index").asLong() < index) {
                        at++;
                    }
                    entries(log).insert(at, bob.at("/evidence/entries/0"));
                    lines(log).insert(at, bob.at("/lines/0"));
                },
                "is of account " + account(bob));
        VerificationException e =
                assertThrows(VerificationException.class, () -> verify(golden("alice.json"), account(bob)));
        assertTrue(e.getMessage().contains("not of the asking account " + account(bob)), e.getMessage());
    }

    @Test
    void anotherLogKeyOrCheckpointIsRefused() throws Exception {
        TestLog other = new TestLog("photosync.local/audit-log");
        VerificationException e = assertThrows(
                VerificationException.class,
                () -> AccessLogVerifier.verify(
                        JSON.writeValueAsBytes(golden("alice.json")), VerifierKey.parse(other.vkey), null));
        assertTrue(e.getMessage().contains("evidence.logKey is not the trusted log key"), e.getMessage());
        ObjectNode keyless = golden("alice.json");
        ((ObjectNode) keyless.path("evidence")).remove("logKey");
        e = assertThrows(
                VerificationException.class,
                () -> AccessLogVerifier.verify(JSON.writeValueAsBytes(keyless), VerifierKey.parse(other.vkey), null));
        assertTrue(e.getMessage().startsWith("evidence.checkpoint: "), e.getMessage());
        refused(
                log -> ((ObjectNode) log.path("asOf"))
                        .put("treeSize", log.at("/asOf/treeSize").asLong() + 1),
                "is not the size of the verified checkpoint");
    }

    @Test
    void disclosuresMustMatchTheirLeafAndErasedTextIsSaidSo() throws Exception {
        int i = lineWith(golden("alice.json"), "resolved the case: \"");
        refused(
                log -> ((ObjectNode) entries(log).get(i).path("disclosures").get(0)).put("value", "All is well."),
                "salted digest of the disclosed value does not match the leaf");
        refused(log -> ((ArrayNode) entries(log).get(i).path("disclosures")).removeAll(), "but log entry");
        ObjectNode erased = golden("alice.json");
        ((ArrayNode) entries(erased).get(i).path("disclosures")).removeAll();
        String what = lines(erased).get(i).path("what").asText();
        ((ObjectNode) lines(erased).get(i))
                .put(
                        "what",
                        what.substring(0, what.indexOf("resolved the case") + "resolved the case".length())
                                + " (text erased)" + what.substring(what.lastIndexOf(" in case ")));
        assertTrue(verify(erased, null).lines().get(i).what().contains("resolved the case (text erased) in case "));
    }
}
