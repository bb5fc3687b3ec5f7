package io.photosync.account.rest;

import io.photosync.account.model.DeviceSession;
import jakarta.enterprise.context.RequestScoped;

/** The session the request authenticated with (set by {@link DpopAuthenticationFilter}). */
@RequestScoped
public class CurrentSession {
    private DeviceSession session;

    void set(DeviceSession session) {
        this.session = session;
    }

    public DeviceSession get() {
        if (session == null) {
            throw new IllegalStateException("request is not DPoP-authenticated");
        }
        return session;
    }
}
