package io.photosync.account.service;

import java.net.URI;

/**
 * Who is calling, as far as the transport says: the client IP (the socket peer, or the forwarded
 * address when the peer is a configured trusted proxy), the URL as the client addressed it (for the
 * DPoP {@code htu}) and the user agent.
 */
public record ClientContext(String ip, URI requestUri, String userAgent) {}
