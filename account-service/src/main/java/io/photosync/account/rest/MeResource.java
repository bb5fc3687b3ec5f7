package io.photosync.account.rest;

import io.photosync.account.model.DeviceSession;
import io.photosync.account.service.AccountRecords;
import io.photosync.account.service.Erasure;
import io.photosync.account.service.Sessions;
import io.photosync.common.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The signed-in person's own sessions, devices and alerts, and erasure of the account. Every call is
 * DPoP-authenticated.
 */
@Path("/v1/me")
@Tag(name = "me")
@Produces(MediaType.APPLICATION_JSON)
@DpopAuthenticated
public class MeResource {
    @Inject
    CurrentSession current;

    @Inject
    Sessions sessions;

    @Inject
    Erasure erasure;

    @Inject
    AccountRecords records;

    @Inject
    DpopRequests dpop;

    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Erase this account",
            description = "Needs the account's password in the body ({password}). Every session ends and every"
                    + " personal value of the account is erased here, in the log's disclosures and in sync-service"
                    + " (docs/PRIVACY.md \"Erasure\"); the log's leaves and proofs stay as they are.")
    public void erase(Requests.Erase body, @Context HttpServerRequest request) {
        Requests.requireBody(body);
        body.validate();
        if (!erasure.erase(current.get(), body.password(), DpopRequests.client(request))) {
            throw dpop.invalidToken("the session has been signed out or has expired");
        }
    }

    @GET
    @Path("/sessions")
    @Operation(summary = "This account's sessions with their sign-in records")
    public List<Views.SessionView> sessions() {
        DeviceSession me = current.get();
        return Views.sessions(records.sessions(me.accountId), me.id, Instant.now());
    }

    @DELETE
    @Path("/sessions/{sessionId}")
    @Operation(summary = "Sign a session out (remote sign-out)")
    public void revokeSession(@PathParam("sessionId") String sessionId) {
        sessions.revokeOwnSession(current.get().accountId, parseUuid(sessionId));
    }

    @GET
    @Path("/devices")
    @Operation(summary = "The devices (keys) this account signed in with")
    public List<Views.DeviceView> devices() {
        DeviceSession me = current.get();
        AccountRecords.Devices devices = records.devices(me.accountId, Instant.now());
        return Views.devices(devices.devices(), devices.activeByDevice(), me.deviceId);
    }

    @DELETE
    @Path("/devices/{deviceId}")
    @Operation(summary = "Revoke a device: all its sessions end")
    public void revokeDevice(@PathParam("deviceId") String deviceId) {
        sessions.revokeOwnDevice(current.get().accountId, deviceId);
    }

    @GET
    @Path("/alerts")
    @Operation(
            summary = "Security alerts: NEW_DEVICE_SIGN_IN, NEW_LOCATION, CONCURRENT_SESSIONS_FAR_APART,"
                    + " REFRESH_TOKEN_REUSE")
    public List<Views.AlertView> alerts() {
        return Views.alerts(records.alerts(current.get().accountId));
    }

    private static UUID parseUuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("sessionId must be a UUID");
        }
    }
}
