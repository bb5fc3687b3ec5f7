package io.photosync.audit.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.photosync.audit.log.Hashes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Turns a validated event into the canonical leaf of docs/EVENTS.md ("The leaf"):
 * {@code {"v":2,"id",…,"data":{…},"personal":{"field":"<digest>"}}} in RFC 8785 form, absent fields
 * and empty objects left out; the sequencer adds the chain link {@code "prev"} ({@link #linked}).
 */
public final class LeafEncoder {
    public static final int LEAF_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LeafEncoder() {}

    public static PreparedEntry encode(ValidEvent event) {
        List<Disclosure> disclosures = new ArrayList<>();
        byte[] entry = canonical(event, (field, value) -> {
            byte[] salt = PersonalDigest.freshSalt();
            String canonical = CanonicalJson.text(value);
            disclosures.add(new Disclosure(field, PersonalDigest.base64Url(salt), canonical));
            return JSON.getNodeFactory().textNode(PersonalDigest.digestCanonical(salt, canonical));
        });
        byte[] contentHash = Hashes.sha256().digest(canonical(event, (field, value) -> value));
        String chain =
                Chains.of(event.type(), event.accountId(), event.photoId()).orElse(null);
        return new PreparedEntry(event.id(), contentHash, entry, disclosures, chain);
    }

    /**
     * The leaf with its chain link: {@code "prev":{"index","leafHash"}} naming the chain's previous
     * entry, added when the entry is sequenced because only then is that entry known.
     */
    public static byte[] linked(byte[] entry, Chains.Head previous) {
        try {
            ObjectNode leaf = (ObjectNode) JSON.readTree(entry);
            ObjectNode prev = leaf.putObject("prev");
            prev.put("index", previous.index());
            prev.put("leafHash", Base64.getEncoder().encodeToString(previous.leafHash()));
            return CanonicalJson.utf8(leaf);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("a stored entry is not a canonical leaf", e);
        }
    }

    private static byte[] canonical(ValidEvent event, BiFunction<String, JsonNode, JsonNode> personalValue) {
        ObjectNode leaf = JSON.createObjectNode();
        leaf.put("v", LEAF_VERSION);
        leaf.put("id", event.id().toString());
        leaf.put("type", event.type());
        leaf.put("source", event.source());
        leaf.put("occurredAt", event.occurredAt());
        if (event.accountId() != null) {
            leaf.put("accountId", event.accountId().toString());
        }
        if (event.deviceId() != null) {
            leaf.put("deviceId", event.deviceId());
        }
        if (event.sessionId() != null) {
            leaf.put("sessionId", event.sessionId().toString());
        }
        if (event.photoId() != null) {
            leaf.put("photoId", event.photoId().toString());
        }
        if (!event.data().isEmpty()) {
            ObjectNode data = leaf.putObject("data");
            event.data().forEach(data::set);
        }
        if (!event.personal().isEmpty()) {
            ObjectNode personal = leaf.putObject("personal");
            for (Map.Entry<String, JsonNode> e : event.personal().entrySet()) {
                personal.set(e.getKey(), personalValue.apply(e.getKey(), e.getValue()));
            }
        }
        return CanonicalJson.utf8(leaf);
    }
}
