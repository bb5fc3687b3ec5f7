package io.photosync.common.dpop;

import java.time.Instant;

/**
 * Remembers DPoP proof identifiers until they can no longer pass the {@code iat} window. Must be
 * shared by every replica of a service, so a proof replayed to another replica is caught too.
 */
public interface JtiReplayStore {

    /**
     * Records {@code key} and answers whether this was its first use. Atomic: of two concurrent
     * calls with the same key exactly one gets {@code true}.
     */
    boolean firstUse(String key, Instant forgetAfter);
}
