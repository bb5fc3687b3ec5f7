package io.photosync.audit.entry;

import static io.photosync.common.event.EventType.*;

import io.photosync.common.event.EventType;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Which per-account chain an entry belongs to (docs/EVENTS.md "Chains"). Each leaf of a chain commits
 * to the index and leaf hash of the chain's previous entry, so a verifier holding a run of the chain
 * can tell whether any entry of it was left out.
 */
public final class Chains {
    /** The account's session history: what decides who was signed in, from where, until when. */
    public static final Set<String> SESSION_TYPES =
            names(ACCOUNT_CREATED, SIGN_IN, SESSION_REVOKED, DEVICE_REVOKED, REFRESH_TOKEN_REUSE);
    /** One photo's history on one account: its uploads, deliveries, downloads and deletion. */
    public static final Set<String> PHOTO_TYPES =
            names(PHOTO_UPLOADED, PHOTO_DELIVERED, PHOTO_DOWNLOADED, PHOTO_DELETED);
    /** Who from support was let in to the account, and what they looked at and did (docs/SUPPORT.md). */
    public static final Set<String> ACCESS_TYPES = names(SUPPORT_GRANT, AGENT_ACCESS, AGENT_ACTION);

    private Chains() {}

    /** The types as the leaves and the projection's rows name them. */
    private static Set<String> names(EventType... types) {
        return Arrays.stream(types).map(EventType::name).collect(Collectors.toUnmodifiableSet());
    }

    /** The chain key of an event, or empty for the types on no chain (failed sign-ins, refreshes, alerts). */
    public static Optional<String> of(String type, UUID accountId, UUID photoId) {
        if (accountId == null) {
            return Optional.empty();
        }
        if (SESSION_TYPES.contains(type)) {
            return Optional.of("sessions:" + accountId);
        }
        if (ACCESS_TYPES.contains(type)) {
            return Optional.of("access:" + accountId);
        }
        if (PHOTO_TYPES.contains(type) && photoId != null) {
            return Optional.of("photo:" + accountId + ":" + photoId);
        }
        return Optional.empty();
    }

    /** The newest sequenced entry of a chain: what the next entry of the chain links to. */
    public record Head(long index, byte[] leafHash) {}
}
