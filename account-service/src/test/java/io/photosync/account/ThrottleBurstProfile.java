package io.photosync.account;

import java.util.HashMap;
import java.util.Map;

/**
 * Behind a trusted proxy (so each attempt can come from an address of its own) with a 10 s throttle window,
 * 5 attempts per login and 12 per address.
 */
public class ThrottleBurstProfile extends TrustedProxyProfile {
    public static final int PER_LOGIN = 5;
    public static final int PER_IP = 12;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("account.throttle.window", "PT10S");
        overrides.put("account.throttle.per-login", Integer.toString(PER_LOGIN));
        overrides.put("account.throttle.per-ip", Integer.toString(PER_IP));
        return overrides;
    }
}
