package io.photosync.account;

/** Forwarding on, trusting only a proxy that is not the test client: the client's X-Forwarded-* must not count. */
public class UntrustedPeerProfile extends TrustedProxyProfile {
    @Override
    protected String trustedProxies() {
        return "192.0.2.10";
    }
}
