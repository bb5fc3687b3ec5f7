package io.photosync.deviceauth;

import io.photosync.common.dpop.DpopRefusals;
import io.photosync.common.dpop.DpopVerifier;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Authenticates a phone's request by its access token alone, and leaves the DPoP proof to {@link DeviceProofFilter},
 * so that each request's proof is verified exactly once, by common's {@link DpopVerifier}.
 * <p>
 * RFC 9449 gives a protected resource two checks (section 7.1): the access token as usual (signature, issuer,
 * audience, expiry: quarkus-oidc does that, against account-service's key set), and the proof as section 4.3 says,
 * including its binding to the token (check 12: {@code ath} is this token's hash, and the proof's key is the one the
 * token's {@code cnf.jkt} names, section 6.1). With {@code quarkus.oidc.token.authorization-scheme=dpop} quarkus-oidc
 * checks the proof too, but only part of section 4.3: no {@code iat} window (check 11), no single use of {@code jti}
 * (section 11.1), and {@code htu} compared as a string instead of normalized (check 9). So the proof used to be
 * verified twice, with two ES256 signature checks: by quarkus-oidc and again by {@link DpopVerifier}, which does all of
 * section 4.3. Now {@link DpopVerifier} is the one place where a proof is judged, and quarkus-oidc is asked about the
 * token only. The other way round (quarkus-oidc verifying the proof, {@link DpopVerifier} skipping the signature) was
 * not chosen: the single-use {@code jti} record would then rest on a signature check made elsewhere, seen only
 * through quarkus-oidc's internal request attributes, and quarkus-oidc's refusals carry no reason, so a proof it
 * refused would still be verified again to tell {@code invalid_dpop_proof} from {@code invalid_token}.
 * <p>
 * How: for a {@link DeviceAuthConfig#paths() device path} with {@code Authorization: DPoP <token>}, this mechanism
 * (ahead of quarkus-oidc's own, whose priority is 1001) hands the token to quarkus-oidc's identity provider as a plain
 * {@link AccessTokenCredential}. Without the proof attributes its bearer mechanism would have put on the request,
 * the provider verifies the token and no proof. Every other request (other paths, other schemes) is left to the
 * mechanisms after this one, as before; a device path without a DPoP authorization never gets here, since
 * {@link AuthenticationProblems} refuses it first. A refused token fails authentication as before, and
 * {@link AuthenticationProblems} answers it.
 */
@ApplicationScoped
public class DeviceTokenMechanism implements HttpAuthenticationMechanism {
    /**
     * Ahead of quarkus-oidc's mechanism ({@code quarkus.oidc.priority}, 1001 unless configured). Were it ever behind,
     * quarkus-oidc would check device proofs too, as before: twice again, never less.
     */
    static final int PRIORITY = 2_000;

    private static final String SCHEME = "DPoP ";

    // Looked up per request: runtime configuration.
    @Inject
    Instance<DeviceAuthConfig> config;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = config.get().covers(context.normalizedPath())
                ? dpopToken(context.request().getHeader("Authorization"))
                : null;
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new TokenAuthenticationRequest(new AccessTokenCredential(token)), context));
    }

    /** The token of an {@code Authorization: DPoP <token>} header (scheme case-insensitive), or null. */
    static String dpopToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String token = authorization.substring(SCHEME.length()).strip();
        return token.isEmpty() ? null : token;
    }

    /**
     * The DPoP challenge on device paths only: elsewhere the next mechanism challenges (quarkus-oidc's, which for a
     * web-app tenant is a redirect to its identity provider).
     */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return config.get().covers(context.normalizedPath())
                ? Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", DpopRefusals.BARE_CHALLENGE))
                : Uni.createFrom().nullItem();
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return config.get().covers(context.normalizedPath())
                ? HttpAuthenticationMechanism.super.sendChallenge(context)
                : Uni.createFrom().item(false);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
