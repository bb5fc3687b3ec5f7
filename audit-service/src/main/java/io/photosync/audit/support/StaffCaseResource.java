package io.photosync.audit.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.photosync.audit.http.RequestValues;
import io.photosync.audit.provenance.ProvenanceReport;
import io.photosync.common.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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

/** The agents' side of support (docs/SUPPORT.md "Staff API"), for staff tokens of the corporate identity provider. */
@Path("/v1/cases")
@RolesAllowed("support-agent")
@Tag(name = "support (staff)")
@Produces(MediaType.APPLICATION_JSON)
public class StaffCaseResource {
    @Inject
    CurrentStaff currentStaff;

    @Inject
    SupportService support;

    public record OpenCase(String accountId, String photoId, String question) {}

    public record Assign(String staffId) {}

    /**
     * {@code kind} is {@code sign-out-session} (with {@code sessionId}) or {@code sign-out-device} (with {@code
     * deviceId}).
     */
    public record ActionRequest(String kind, String sessionId, String deviceId) {}

    public record Text(String text) {}

    public record Resolution(String resolution) {}

    @GET
    @Operation(summary = "The queue: cases not closed, oldest first")
    public List<SupportCase> queue() {
        currentStaff.get();
        return support.queue();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a case for an account; nothing of it is visible until the owner approves the grant")
    public Response open(OpenCase request) {
        body(request);
        SupportCase sc = support.openByAgent(
                currentStaff.get(),
                RequestValues.idInBody("accountId", request.accountId(), true),
                RequestValues.idInBody("photoId", request.photoId(), false),
                request.question());
        return Response.status(201).entity(sc).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The case: question, state, grant, notes (no account data)")
    public SupportCase oneCase(@PathParam("id") String id) {
        currentStaff.get();
        return support.caseFor(RequestValues.idInPath(id, "no case " + id));
    }

    @POST
    @Path("/{id}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Take the case (or, as a lead, give it to another agent)")
    public SupportCase assign(@PathParam("id") String id, Assign request) {
        return support.assign(
                currentStaff.get(),
                RequestValues.idInPath(id, "no case " + id),
                request == null ? null : request.staffId());
    }

    @GET
    @Path("/{id}/provenance")
    @Operation(
            summary = "The provenance report of the case's photo, under the owner's live grant; logged before it is"
                    + " shown")
    public ProvenanceReport provenance(@PathParam("id") String id) {
        return support.provenance(currentStaff.get(), RequestValues.idInPath(id, "no case " + id));
    }

    @GET
    @Path("/{id}/account")
    @Operation(
            summary = "The account's sessions, devices and alerts, under the owner's live grant; logged before it is"
                    + " shown")
    public JsonNode account(@PathParam("id") String id) {
        return support.accountOverview(currentStaff.get(), RequestValues.idInPath(id, "no case " + id));
    }

    @POST
    @Path("/{id}/actions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Sign a session or a device out on the owner's behalf, under a live grant; logged before it is"
                    + " done")
    public Response act(@PathParam("id") String id, ActionRequest request) {
        body(request);
        Staff staff = currentStaff.get();
        var caseId = RequestValues.idInPath(id, "no case " + id);
        switch (request.kind() == null ? "" : request.kind()) {
            case "sign-out-session" ->
                support.signOutSession(staff, caseId, RequestValues.idInBody("sessionId", request.sessionId(), true));
            case "sign-out-device" ->
                support.signOutDevice(staff, caseId, RequestValues.deviceId("deviceId", request.deviceId()));
            default -> throw ProblemException.badRequest("kind is sign-out-session or sign-out-device");
        }
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a note to the case")
    public SupportCase note(@PathParam("id") String id, Text request) {
        body(request);
        return support.addNote(currentStaff.get(), RequestValues.idInPath(id, "no case " + id), request.text());
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve the case with a resolution the owner reads")
    public SupportCase resolve(@PathParam("id") String id, Resolution request) {
        body(request);
        return support.resolve(currentStaff.get(), RequestValues.idInPath(id, "no case " + id), request.resolution());
    }

    @POST
    @Path("/{id}/close")
    @Operation(summary = "Close the case now and end its grant (leads)")
    public SupportCase close(@PathParam("id") String id) {
        return support.close(currentStaff.get(), RequestValues.idInPath(id, "no case " + id));
    }

    private static void body(Object request) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
    }
}
