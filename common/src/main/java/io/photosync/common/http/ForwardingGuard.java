package io.photosync.common.http;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start a service that honours forwarded headers without naming the proxies it trusts:
 * Quarkus then trusts {@code X-Forwarded-For}/{@code -Host}/{@code -Proto} from every peer, so the
 * recorded client IP and place, the per-address throttle and the DPoP {@code htu} would be whatever
 * a client claims (issue 10).
 */
@ApplicationScoped
public class ForwardingGuard {
    static final String FORWARDING = "quarkus.http.proxy.proxy-address-forwarding";
    static final String TRUSTED = "quarkus.http.proxy.trusted-proxies";

    void atStart(@Observes StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        check(
                config.getOptionalValue(FORWARDING, Boolean.class).orElse(false),
                config.getOptionalValues(TRUSTED, String.class));
    }

    /** Throws, naming both properties, when forwarding is on and no trusted proxy is configured. */
    static void check(boolean forwarding, Optional<List<String>> trustedProxies) {
        boolean none = trustedProxies
                .map(list -> list.stream().allMatch(String::isBlank))
                .orElse(true);
        if (forwarding && none) {
            throw new IllegalStateException(FORWARDING + " is true but " + TRUSTED + " is empty: every client could"
                    + " set its own IP address, place and request URL with X-Forwarded-* headers. Name the proxies"
                    + " (addresses or CIDRs of the ingress controller or load balancer) in " + TRUSTED
                    + ", or switch forwarding off.");
        }
    }
}
