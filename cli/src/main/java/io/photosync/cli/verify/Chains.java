package io.photosync.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.photosync.cli.verify.ReportVerifier.ChainSpan;
import io.photosync.cli.verify.ReportVerifier.Leaf;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The evidence is whole chains (docs/EVENTS.md "Chains"): one account throughout, every entry on the account's session
 * chain or on this photo's chain, each chain unbroken from its first entry (no {@code prev}) through every link, so
 * nothing between the first and the last entry of either chain can have been left out.
 */
final class Chains {
    /** Types on an account's access chain (docs/SUPPORT.md "Log events written by audit-service"). */
    static final List<String> ACCESS_CHAIN = List.of("SUPPORT_GRANT", "AGENT_ACCESS", "AGENT_ACTION");

    private Chains() {}

    /** Every leaf names the same account; returns it. */
    static String checkAccount(Map<Long, Leaf> leaves) throws VerificationException {
        String account = null;
        long first = -1;
        for (Leaf leaf : sorted(leaves)) {
            String a = leaf.text("accountId");
            if (a == null) {
                throw new VerificationException("evidence entry at log index " + leaf.index() + " (" + leaf.text("type")
                        + ") names no account");
            }
            if (account == null) {
                account = a;
                first = leaf.index();
            } else if (!account.equals(a)) {
                throw new VerificationException("evidence entry at log index " + leaf.index() + " (" + leaf.text("type")
                        + ") is of account " + a + ", but entry " + first + " is of account " + account
                        + ": a report is about one account only");
            }
        }
        return account;
    }

    /**
     * Version 2 leaves only, each on the session chain, the photo's chain or the access chain (when support read the
     * report), and every chain unbroken.
     */
    static List<ChainSpan> checkComplete(Map<Long, Leaf> leaves, String photoId) throws VerificationException {
        List<Leaf> session = new ArrayList<>();
        List<Leaf> photo = new ArrayList<>();
        List<Leaf> access = new ArrayList<>();
        for (Leaf leaf : sorted(leaves)) {
            String where = requireChained(leaf);
            String type = leaf.text("type");
            if (ReportVerifier.SESSION_CHAIN.contains(type)) {
                session.add(leaf);
            } else if (ReportVerifier.PHOTO_CHAIN.contains(type)) {
                String p = leaf.text("photoId");
                if (!photoId.equals(normalized(p))) {
                    throw new VerificationException(
                            where + " is a " + type + " of photo " + p + ", not of this report's photo " + photoId);
                }
                photo.add(leaf);
            } else if (ACCESS_CHAIN.contains(type)) {
                access.add(leaf);
            } else {
                throw new VerificationException(
                        where + " is a " + type + " entry, which is on no chain: the evidence holds only the"
                                + " account's session chain, the photo's chain and the account's access chain");
            }
        }
        if (session.isEmpty()) {
            throw new VerificationException("session chain: the evidence holds none of this account's sign-in history");
        }
        if (photo.isEmpty()) {
            throw new VerificationException("photo chain: the evidence holds no entry of photo " + photoId);
        }
        checkUnbroken("session chain", "an entry of this account's sign-in history", session, leaves);
        checkUnbroken("photo chain", "an entry of this photo's history", photo, leaves);
        if (access.isEmpty()) {
            return List.of(span("session chain", session), span("photo chain", photo));
        }
        checkUnbroken("access chain", "an entry of support's access to this account", access, leaves);
        return List.of(span("session chain", session), span("photo chain", photo), span("access chain", access));
    }

    /**
     * The evidence of an access log is the account's whole access chain (docs/SUPPORT.md): version 2 leaves of the
     * support types only, unbroken from its first entry; returns them in log order.
     */
    static List<Leaf> checkAccess(Map<Long, Leaf> leaves) throws VerificationException {
        List<Leaf> access = sorted(leaves);
        for (Leaf leaf : access) {
            String where = requireChained(leaf);
            if (!ACCESS_CHAIN.contains(leaf.text("type"))) {
                throw new VerificationException(
                        where + " is a " + leaf.text("type") + " entry, which is not on an access chain: an access"
                                + " log holds only " + String.join(", ", ACCESS_CHAIN) + " entries");
            }
        }
        checkUnbroken("access chain", "an entry of support's access to this account", access, leaves);
        return access;
    }

    /** A version 2 leaf (it carries its chain link) with an RFC 3339 {@code occurredAt}; answers how to name it. */
    private static String requireChained(Leaf leaf) throws VerificationException {
        String where = "evidence entry at log index " + leaf.index();
        JsonNode v = leaf.json().get("v");
        if (v == null || !v.canConvertToInt() || v.asInt() != 2) {
            throw new VerificationException(
                    where + " is a version " + (v == null ? "?" : v.asText()) + " leaf, which carries no chain link"
                            + " (prev): the completeness of the"
                            + " evidence cannot be proven; only"
                            + " evidence of version 2 leaves"
                            + " verifies");
        }
        try {
            Instant.parse(Objects.requireNonNullElse(leaf.text("occurredAt"), ""));
        } catch (DateTimeParseException e) {
            throw new VerificationException(where + " (" + leaf.text("type") + ") has no RFC 3339 occurredAt");
        }
        return where;
    }

    private static ChainSpan span(String name, List<Leaf> chain) {
        return new ChainSpan(
                name, chain.get(0).index(), chain.get(chain.size() - 1).index(), chain.size());
    }

    private static void checkUnbroken(String name, String what, List<Leaf> chain, Map<Long, Leaf> all)
            throws VerificationException {
        for (int i = 0; i < chain.size(); i++) {
            Leaf leaf = chain.get(i);
            JsonNode prev = leaf.json().get("prev");
            String entry = name + ": entry " + leaf.index();
            if (i == 0) {
                if (prev != null) {
                    long to = prev.path("index").asLong(-1);
                    throw new VerificationException(entry + ", its first in the evidence, links to entry " + to
                            + ", which the evidence does not contain: the chain's beginning (" + what
                            + ") was left out");
                }
                continue;
            }
            Leaf before = chain.get(i - 1);
            if (prev == null) {
                throw new VerificationException(entry + " has no link (prev), so it starts a chain, but entry "
                        + before.index() + " of the same chain comes before it");
            }
            if (!prev.path("index").canConvertToLong() || !prev.path("leafHash").isTextual()) {
                throw new VerificationException(entry + ": its link (prev) needs an index and a leafHash");
            }
            long to = prev.path("index").asLong();
            if (to != before.index()) {
                if (all.containsKey(to) && to < before.index()) {
                    throw new VerificationException(entry + " links to entry " + to + ", but entry " + before.index()
                            + " of the same chain lies between them: the chain forks");
                }
                throw new VerificationException(entry + " links to entry " + to
                        + ", which the evidence does not contain: " + what + " was left out");
            }
            if (!prev.path("leafHash").asText().equals(before.leafHash())) {
                throw new VerificationException(entry + " links to entry " + to + " with leaf hash "
                        + prev.path("leafHash").asText() + ", but that entry's leaf hash is " + before.leafHash());
            }
        }
    }

    /**
     * Every UPLOAD step's session has its SIGN_IN in the evidence; every DELIVERY/DOWNLOAD step is for the asking
     * device
     * and this photo; the asking device's sign-in (the freshness anchor the report's {@code device} describes) is
     * there.
     */
    static void checkLinkage(JsonNode chain, Map<Long, Leaf> leaves, String askingDevice, String photoId)
            throws VerificationException {
        for (int s = 0; s < chain.size(); s++) {
            JsonNode step = chain.get(s);
            String name = step.path("step").asText("?");
            Leaf leaf = leaves.get(step.path("logIndex").asLong());
            String where = "chain[" + s + "] (" + name + ") at log index " + leaf.index();
            if (name.equals("UPLOAD")) {
                String session = normalized(leaf.text("sessionId"));
                boolean signedIn = session != null
                        && leaves.values().stream()
                                .anyMatch(l -> "SIGN_IN".equals(l.text("type"))
                                        && session.equals(normalized(l.text("sessionId"))));
                if (!signedIn) {
                    throw new VerificationException(
                            where + ": the upload's session " + session + " has no SIGN_IN in the evidence");
                }
            }
            if (name.equals("DELIVERY") || name.equals("DOWNLOAD")) {
                if (!askingDevice.equals(leaf.text("deviceId"))) {
                    throw new VerificationException(where + ": the leaf records it for device " + leaf.text("deviceId")
                            + ", not for the report's device " + askingDevice);
                }
                if (!photoId.equals(normalized(leaf.text("photoId")))) {
                    throw new VerificationException(
                            where + ": the leaf is about photo " + leaf.text("photoId") + ", not " + photoId);
                }
            }
        }
        boolean anchored = leaves.values().stream()
                .anyMatch(l -> "SIGN_IN".equals(l.text("type")) && askingDevice.equals(l.text("deviceId")));
        if (!anchored) {
            throw new VerificationException("the evidence holds no SIGN_IN of the asking device " + askingDevice
                    + ": the session chain is not shown up to the sign-in the report's device describes");
        }
    }

    static String normalized(String uuid) {
        if (uuid == null) {
            return null;
        }
        try {
            return java.util.UUID.fromString(uuid).toString();
        } catch (IllegalArgumentException e) {
            return uuid;
        }
    }

    private static List<Leaf> sorted(Map<Long, Leaf> leaves) {
        return leaves.values().stream()
                .sorted(Comparator.comparingLong(Leaf::index))
                .toList();
    }
}
