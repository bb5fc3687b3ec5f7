package io.photosync.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.cli.verify.ReportVerifier.Leaf;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies an access log ({@code GET /v1/me/access-log}, docs/SUPPORT.md "The access log") offline: the checkpoint is
 * signed by the trusted log key and {@code asOf.treeSize} is its size, every evidence entry is included in it and its
 * disclosures match the leaf's salted digests, the entries are one account's whole access chain (support grants,
 * agents' reads and actions, each linked to the one before), and every line is exactly the {@link AccessLine} the
 * cli renders from the verified entry at the same position.
 */
public final class AccessLogVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param accountId the account all entries are of; null when the log has no entries */
    public record Result(
            Checkpoint checkpoint, Instant asOfAt, String accountId, int disclosures, List<AccessLine> lines) {}

    private AccessLogVerifier() {}

    /**
     * @param askingAccount the account the log must be of (the caller's own), or null to accept the one the entries
     * name
     */
    public static Result verify(byte[] accessLogJson, VerifierKey trustedKey, String askingAccount)
            throws VerificationException {
        JsonNode log;
        try {
            log = JSON.readTree(accessLogJson);
        } catch (IOException e) {
            throw new VerificationException("access log is not JSON: " + e.getMessage());
        }
        ReportVerifier.Signed signed = ReportVerifier.signed(log, "access log", trustedKey);
        JsonNode entries = log.path("evidence").path("entries");
        if (!entries.isArray()) {
            throw new VerificationException("evidence.entries is missing");
        }
        Map<Long, Leaf> leaves = new HashMap<>();
        int disclosures = 0;
        long previous = -1;
        for (int i = 0; i < entries.size(); i++) {
            disclosures += ReportVerifier.checkEntry(entries.get(i), i, signed.checkpoint(), leaves);
            long index = entries.get(i).path("index").asLong();
            if (index <= previous) {
                throw new VerificationException("evidence.entries[" + i + "] (log index " + index
                        + ") is not after entry " + previous + ": the entries are not in log order");
            }
            previous = index;
        }
        String accountId = Chains.checkAccount(leaves);
        if (askingAccount != null && accountId != null && !askingAccount.equals(Chains.normalized(accountId))) {
            throw new VerificationException(
                    "the access log is of account " + accountId + ", not of the asking account " + askingAccount);
        }
        List<Leaf> chain = Chains.checkAccess(leaves);

        JsonNode shown = log.path("lines");
        if (!shown.isArray()) {
            throw new VerificationException("the access log has no lines");
        }
        List<AccessLine> lines = new ArrayList<>(chain.size());
        for (int i = 0; i < Math.max(chain.size(), shown.size()); i++) {
            String where = "lines[" + i + "]";
            if (i >= chain.size()) {
                throw new VerificationException(
                        where + " (" + shown.get(i).path("what").asText("?") + ") is backed by no evidence entry");
            }
            AccessLine expected = AccessLine.of(chain.get(i));
            if (i >= shown.size()) {
                throw new VerificationException(
                        where + " is missing: log entry " + expected.index() + " says '" + expected.what() + "'");
            }
            expected.requireShownAs(shown.get(i), where + " (log index " + expected.index() + ")");
            lines.add(expected);
        }
        return new Result(
                signed.checkpoint(),
                signed.asOfAt(),
                accountId == null ? null : Chains.normalized(accountId),
                disclosures,
                List.copyOf(lines));
    }
}
