package io.photosync.audit.support;

import io.photosync.audit.http.RequestValues;
import io.photosync.audit.support.AccessLogService.AccessLog;
import io.photosync.audit.support.SupportCase.Grant;
import io.photosync.common.problem.ProblemException;
import io.photosync.deviceauth.Caller;
import io.photosync.deviceauth.CurrentCaller;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The owner's side of support (docs/SUPPORT.md "Phone API"): cases, grants and the access log, from a phone. */
@Path("/v1/me")
@Authenticated
@Tag(name = "support")
@Produces(MediaType.APPLICATION_JSON)
public class OwnerSupportResource {
    @Inject
    CurrentCaller currentCaller;

    @Inject
    SupportService support;

    @Inject
    AccessLogService accessLog;

    public record OpenCase(String photoId, String question) {}

    @POST
    @Path("/cases")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask support about a photo; support may see the account for the grant's lifetime (72 h)")
    public Response open(OpenCase request) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON body {\"photoId\", \"question\"} is required");
        }
        Caller caller = currentCaller.get();
        SupportCase sc = support.openByOwner(
                caller, RequestValues.idInBody("photoId", request.photoId(), false), request.question());
        return Response.status(201).entity(sc).build();
    }

    @GET
    @Path("/cases")
    @Operation(summary = "The account's support cases, newest first")
    public List<SupportCase> cases() {
        return support.ownerCases(currentCaller.get().accountId());
    }

    @GET
    @Path("/cases/{id}")
    @Operation(summary = "One support case of the account, with its grant and resolution")
    public SupportCase oneCase(@PathParam("id") String id) {
        return support.ownerCase(currentCaller.get().accountId(), RequestValues.idInPath(id, "no case " + id));
    }

    @POST
    @Path("/grants/{id}/approve")
    @Operation(summary = "Let support see the account for a case an agent opened")
    public Grant approve(@PathParam("id") String id) {
        return support.approve(currentCaller.get(), RequestValues.idInPath(id, "no grant " + id));
    }

    @DELETE
    @Path("/grants/{id}")
    @Operation(summary = "End support's access now")
    public Grant end(@PathParam("id") String id) {
        return support.endGrant(currentCaller.get().accountId(), RequestValues.idInPath(id, "no grant " + id));
    }

    @GET
    @Path("/access-log")
    @Operation(
            summary = "Every grant, look and action of support on this account, with the evidence to verify it offline")
    public AccessLog accessLog() {
        return accessLog.of(currentCaller.get().accountId());
    }
}
