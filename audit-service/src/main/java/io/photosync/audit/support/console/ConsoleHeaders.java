package io.photosync.audit.support.console;

import io.photosync.audit.config.AuditConfig;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;

/**
 * The headers of every console response (pages, scripts, error pages, and the sign-in redirects of the OIDC
 * layer too, hence a Vert.x route ahead of all others rather than a JAX-RS filter): no inline script or style,
 * nothing framed, nothing cached, no referrer leaving the page.
 */
@ApplicationScoped
public class ConsoleHeaders {
    private static final String PATHS = "/console(/.*)?";

    @Inject
    AuditConfig config;

    void install(@Observes Router router) {
        String csp = policy(config.support().staffOidcUrl());
        router.routeWithRegex(PATHS).order(Integer.MIN_VALUE).handler(rc -> {
            rc.addHeadersEndHandler(ignored -> {
                MultiMap headers = rc.response().headers();
                headers.set("Content-Security-Policy", csp);
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("Referrer-Policy", "no-referrer");
                headers.set("Cache-Control", "no-store");
            });
            rc.next();
        });
    }

    /** The sign-out goes to the identity provider's end-session page: the only other origin a form may go to. */
    static String policy(String identityProvider) {
        URI idp = URI.create(identityProvider);
        String origin = idp.getScheme() + "://" + idp.getAuthority();
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "form-action 'self' " + origin + "; frame-ancestors 'none'; base-uri 'none'";
    }
}
