package io.photosync.account.rest;

import io.photosync.account.service.ClientContext;
import io.photosync.account.service.Sessions;
import io.photosync.account.service.SignIn;
import io.photosync.account.service.TokenPair;
import io.photosync.common.dpop.DpopProof;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The token endpoint: sign-in of a device (its DPoP proof binds the session to its key) and refresh. */
@Path("/v1/sessions")
@Tag(name = "sessions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    @Inject
    SignIn signIn;

    @Inject
    Sessions sessions;

    @Inject
    DpopRequests dpop;

    public record TokenResponse(
            String accessToken,
            String tokenType,
            long expiresIn,
            String refreshToken,
            UUID sessionId,
            String deviceId) {
        static TokenResponse of(TokenPair pair) {
            return new TokenResponse(
                    pair.accessToken(),
                    "DPoP",
                    pair.expiresIn(),
                    pair.refreshToken(),
                    pair.sessionId(),
                    pair.deviceId());
        }
    }

    @POST
    @Operation(
            summary = "Sign in a device",
            description = "Needs a DPoP proof; the proof key becomes the device (deviceId = its RFC 7638 thumbprint)")
    public Response signIn(
            Requests.CreateSession body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Requests.requireBody(body);
        body.validate();
        SignIn.DeviceInfo device = body.device().toInfo();
        SignIn.ReportedLocation reported =
                body.location() == null ? null : body.location().toReported();
        ClientContext client = DpopRequests.client(request);
        DpopProof proof = dpop.verify(headers.getRequestHeader(DpopRequests.DPOP_HEADER), "POST", client, null, null);
        TokenPair pair = signIn.signIn(body.login(), body.password(), device, reported, proof, client);
        return Response.status(201)
                .entity(TokenResponse.of(pair))
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("/refresh")
    @Operation(
            summary = "Exchange a refresh token",
            description = "Single use; needs a DPoP proof from the session's device key")
    public Response refresh(Requests.Refresh body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Requests.requireBody(body);
        body.validate();
        ClientContext client = DpopRequests.client(request);
        DpopProof proof = dpop.verifyUnspent(headers.getRequestHeader(DpopRequests.DPOP_HEADER), "POST", client);
        // The jti is recorded in the refresh's own transaction, not committed apart first, because RFC 9449 section
        // 11.1 asks that a proof be used once, and so it is: a committed refresh spends it, a concurrent second use
        // waits on dpop_jti's key and is refused as a replay, and an attempt that rolls back had no effect to repeat.
        TokenPair pair = sessions.refresh(body.refreshToken(), proof, () -> dpop.spendInTransaction(proof), client);
        return Response.ok(TokenResponse.of(pair))
                .header("Cache-Control", "no-store")
                .build();
    }
}
