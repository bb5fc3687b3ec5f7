package io.photosync.account.rest;

import io.photosync.account.service.AccessTokens;
import io.photosync.account.service.ClientContext;
import io.photosync.account.service.Sessions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.time.Instant;

/**
 * Authenticates {@link DpopAuthenticated} endpoints: the access token (our signature, exp, iss, aud),
 * then the DPoP proof against it ({@code ath}, {@code cnf.jkt}, htm/htu, iat, jti), then the
 * session, which must still be active in the database: a revoked session is refused at once.
 */
@Provider
@DpopAuthenticated
@Priority(Priorities.AUTHENTICATION)
public class DpopAuthenticationFilter implements ContainerRequestFilter {
    @Inject
    AccessTokens accessTokens;

    @Inject
    DpopRequests dpop;

    @Inject
    Sessions sessions;

    @Inject
    CurrentSession current;

    @Context
    HttpServerRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        String authorization = context.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            throw dpop.invalidToken("an access token is required: Authorization: DPoP <token>");
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String token = space < 0 ? "" : authorization.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            throw dpop.invalidToken("this token is bound to a device key: present it with the DPoP scheme and a proof");
        }
        if (!scheme.equalsIgnoreCase("DPoP") || token.isEmpty()) {
            throw dpop.invalidToken("unsupported authorization scheme; use DPoP");
        }
        AccessTokens.Claims claims;
        try {
            claims = accessTokens.verify(token, Instant.now());
        } catch (AccessTokens.InvalidToken e) {
            throw dpop.invalidToken(e.getMessage());
        }
        ClientContext client = DpopRequests.client(request);
        dpop.verify(
                context.getHeaders().get(DpopRequests.DPOP_HEADER), context.getMethod(), client, token, claims.jkt());
        current.set(sessions.touchActive(claims.sessionId(), claims.accountId(), claims.deviceId(), client.ip())
                .orElseThrow(() -> dpop.invalidToken("the session has been signed out or has expired")));
    }
}
