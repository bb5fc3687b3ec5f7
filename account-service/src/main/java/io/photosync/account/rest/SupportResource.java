package io.photosync.account.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.account.service.AccountRecords;
import io.photosync.account.service.Sessions;
import io.photosync.common.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The support API (docs/SUPPORT.md), called only by audit-service once it has checked an agent's live grant and
 * logged the access or action: what the owner's own /v1/me calls show, and sign-outs on the owner's behalf.
 * Both are POST because the token covers the body (case, grant, agent), which a GET would not carry.
 */
@Path("/v1/support/accounts/{accountId}")
@Tag(name = "support")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SupportResource {
    @Inject
    SupportAuthentication authentication;

    @Inject
    Sessions sessions;

    @Inject
    AccountRecords records;

    @Inject
    ObjectMapper json;

    public record Overview(
            List<Views.SessionView> sessions, List<Views.DeviceView> devices, List<Views.AlertView> alerts) {}

    @POST
    @Path("/overview")
    @Operation(
            summary = "The account's sessions, devices and alerts as its owner sees them (audit-service only,"
                    + " Authorization: Source <JWT>)")
    public Overview overview(
            @PathParam("accountId") String accountId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body)
            throws IOException {
        call(authorization, body, false);
        UUID account = accountUuid(accountId);
        Instant now = Instant.now();
        AccountRecords.Records found = records.all(account, now).orElseThrow(SupportResource::noSuchAccount);
        return new Overview(
                Views.sessions(found.sessions(), null, now),
                Views.devices(found.devices(), found.activeByDevice(), null),
                Views.alerts(found.alerts()));
    }

    @POST
    @Path("/sign-outs")
    @Operation(
            summary = "Sign a session (sessionId) or a device and all its sessions (deviceId) out on the owner's behalf"
                    + " (audit-service only)")
    public void signOut(
            @PathParam("accountId") String accountId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body)
            throws IOException {
        Requests.SupportCall call = call(authorization, body, true);
        UUID account = accountUuid(accountId);
        if (call.sessionId() != null) {
            sessions.revokeSessionForCase(account, call.sessionUuid(), call.caseUuid());
        } else {
            sessions.revokeDeviceForCase(account, call.deviceId(), call.caseUuid());
        }
    }

    /** Authenticated before the body is even parsed, so that nobody else learns what a valid call looks like. */
    private Requests.SupportCall call(String authorization, byte[] body, boolean signOut) throws IOException {
        authentication.verify(authorization, body);
        Requests.SupportCall call = json.readValue(body, Requests.SupportCall.class);
        Requests.requireBody(call);
        call.validate(signOut, Instant.now());
        return call;
    }

    private static UUID accountUuid(String accountId) {
        try {
            return UUID.fromString(accountId);
        } catch (IllegalArgumentException e) {
            throw noSuchAccount();
        }
    }

    private static ProblemException noSuchAccount() {
        return ProblemException.notFound("no such account");
    }
}
