package io.photosync.account.rest;

import io.photosync.account.config.AccountConfig;
import io.photosync.account.service.SigningKeys;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OIDC discovery and the JWKS, so other services verify access tokens with standard tooling (e.g. quarkus-oidc). */
@Path("/")
@Tag(name = "discovery")
public class DiscoveryResource {
    @Inject
    AccountConfig config;

    @Inject
    SigningKeys keys;

    @GET
    @Path(".well-known/openid-configuration")
    @Produces("application/json")
    @Operation(summary = "OIDC discovery document")
    public Map<String, Object> discovery() {
        String issuer = config.issuer();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("jwks_uri", issuer + "/v1/keys");
        doc.put("token_endpoint", issuer + "/v1/sessions");
        doc.put("revocation_feed_endpoint", issuer + "/v1/revocations");
        doc.put("grant_types_supported", List.of("password", "refresh_token"));
        doc.put("token_endpoint_auth_methods_supported", List.of("none"));
        doc.put("response_types_supported", List.of("token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("ES256"));
        doc.put("dpop_signing_alg_values_supported", List.of("ES256"));
        return doc;
    }

    @GET
    @Path("v1/keys")
    @Produces({"application/jwk-set+json", "application/json"})
    @Operation(summary = "JWKS: the upcoming, current and previous access-token signing keys")
    public Response jwks() {
        return Response.ok(keys.published().toString(true))
                .type("application/json")
                .header("Cache-Control", "public, max-age=60")
                .build();
    }
}
