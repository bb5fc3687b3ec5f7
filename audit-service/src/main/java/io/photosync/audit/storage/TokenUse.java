package io.photosync.audit.storage;

import java.time.Instant;

/**
 * A source token's single use, recorded in the transaction that writes the entries it submitted, so that a token
 * produces at most one effect (table {@code dpop_jti}, shared with common's {@code JdbcJtiReplayStore}).
 *
 * @param key its {@code jti} as the verifier names it
 * @param forgetAfter when the row may be purged: the token can no longer pass by then
 */
public record TokenUse(String key, Instant forgetAfter) {}
