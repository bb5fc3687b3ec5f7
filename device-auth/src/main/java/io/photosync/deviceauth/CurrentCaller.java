package io.photosync.deviceauth;

import jakarta.enterprise.context.RequestScoped;

/** Holds the {@link Caller} that {@link DeviceProofFilter} established for this request. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no verified caller: the request did not pass DeviceProofFilter");
        }
        return caller;
    }
}
