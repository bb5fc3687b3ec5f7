package io.photosync.deviceauth;

import java.util.UUID;

/**
 * Fired (synchronously, by {@link RevokedSessions}) for every revocation the feed marks as its account's erasure, also
 * again after a restart: an observer erases what its service holds of the account and must be idempotent. If it
 * throws, the feed's cursor stays and the page is read again at the next poll.
 */
public record AccountErased(UUID accountId) {}
