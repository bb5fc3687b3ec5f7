package io.photosync.deviceauth;

import java.util.UUID;

/**
 * Who is calling, as proven by the verified access token and DPoP proof; never taken from the
 * request body or a client-supplied header.
 *
 * @param ip the socket peer, or the forwarded client address when the peer is a trusted proxy
 */
public record Caller(UUID accountId, String deviceId, UUID sessionId, String ip) {}
