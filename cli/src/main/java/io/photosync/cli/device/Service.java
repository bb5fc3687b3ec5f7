package io.photosync.cli.device;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The three services a device talks to, and where each one is. */
public enum Service {
    ACCOUNT("account-service"),
    SYNC("sync-service"),
    AUDIT("audit-service");

    private final String displayName;

    Service(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** {@code path} (starting with '/', may carry a query) under this service's base URL. */
    public URI uri(ClientOptions options, String path) {
        URI base = switch (this) {
            case ACCOUNT -> options.accountUrl();
            case SYNC -> options.syncUrl();
            case AUDIT -> options.auditUrl();
        };
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
    }

    /** A user-given id as one path segment, so it can never change which resource is addressed. */
    public static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
