package io.photosync.audit.support.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.photosync.audit.http.RequestValues;
import io.photosync.audit.provenance.ProvenanceReport;
import io.photosync.audit.sequencing.SubmissionRefused;
import io.photosync.audit.support.CurrentStaff;
import io.photosync.audit.support.Staff;
import io.photosync.audit.support.SupportCase;
import io.photosync.audit.support.SupportService;
import io.photosync.common.problem.Problem;
import io.photosync.common.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The agents' web console (docs/SUPPORT.md "Console"): HTML pages over the same {@link SupportService} as the staff
 * API. Every change is a form post carrying a one-time {@link FormTokens token}, answered 303 back to the page.
 */
@Path("/console")
@RolesAllowed("support-agent")
@Tag(name = "support console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {
    private static final String GRANT_REQUIRED = "urn:photosync:problem:grant-required";
    private static final String CASE_CLOSED = "urn:photosync:problem:case-closed";

    @Inject
    CurrentStaff currentStaff;

    @Inject
    SupportService support;

    @Inject
    FormTokens tokens;

    @Inject
    ConsoleLogKey logKey;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queue(Staff staff, List<SupportCase> cases, String openToken);

        static native TemplateInstance oneCase(CasePage page);

        static native TemplateInstance error(Problem problem);

        static native TemplateInstance signedOut();
    }

    /**
     * What the case page shows; {@code account} is null unless the owner's grant is live, then {@code noAccess} says
     * why.
     */
    public record CasePage(
            Staff staff,
            SupportCase sc,
            Forms forms,
            AccountView account,
            String noAccess,
            String accountProblem,
            ConsoleLogKey logKey) {
        public boolean live() {
            return noAccess == null;
        }
    }

    /** One token per form on the page: each is used up by its own post. */
    public record Forms(String take, String note, String resolve, String close) {}

    @GET
    @Operation(summary = "The queue and the form to open a case")
    public TemplateInstance queue() {
        Staff staff = currentStaff.get();
        return Templates.queue(staff, support.queue(), tokens.issue(staff));
    }

    @POST
    @Path("/cases")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Open a case for an account")
    public Response open(
            @FormParam("token") String token,
            @FormParam("accountId") String accountId,
            @FormParam("photoId") String photoId,
            @FormParam("question") String question) {
        Staff staff = formOf(token);
        SupportCase sc = support.openByAgent(
                staff,
                RequestValues.idInBody("accountId", accountId, true),
                RequestValues.idInBody("photoId", photoId, false),
                question);
        return backTo(sc.id());
    }

    @GET
    @Path("/cases/{id}")
    @Operation(summary = "A case; under a live grant also the account's sessions and devices (a logged read)")
    public TemplateInstance oneCase(@PathParam("id") String id) {
        Staff staff = currentStaff.get();
        SupportCase sc = support.caseFor(RequestValues.idInPath(id, "no case " + id));
        Forms forms = new Forms(
                tokens.issue(staff),
                tokens.issue(staff),
                tokens.issue(staff),
                staff.isLead() ? tokens.issue(staff) : null);
        AccountView account = null;
        String noAccess = null;
        String accountProblem = null;
        try {
            JsonNode overview = support.accountOverview(staff, sc.id());
            account = AccountView.of(overview, () -> tokens.issue(staff));
        } catch (ProblemException e) {
            String type = e.problem().type();
            if (GRANT_REQUIRED.equals(type) || CASE_CLOSED.equals(type)) {
                noAccess = e.problem().detail();
            } else {
                // the grant is live but account-service could not answer: the rest of the page is still of use
                accountProblem = e.problem().detail();
            }
        } catch (SubmissionRefused e) {
            // the read could not be logged in time, so it was not shown: the rest of the page is still of use
            accountProblem = e.getMessage();
        }
        return Templates.oneCase(new CasePage(staff, sc, forms, account, noAccess, accountProblem, logKey));
    }

    /**
     * The case's provenance report for the page's script: the staff API's tenant takes bearer tokens only, so the page
     * reads it here with its session — the same service call, logged the same way before anything is shown.
     */
    @GET
    @Path("/cases/{id}/provenance")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The case's provenance report, under a live grant; logged before it is shown")
    public ProvenanceReport provenance(@PathParam("id") String id) {
        return support.provenance(currentStaff.get(), RequestValues.idInPath(id, "no case " + id));
    }

    @POST
    @Path("/cases/{id}/assign")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response take(@PathParam("id") String id, @FormParam("token") String token) {
        Staff staff = formOf(token);
        return backTo(support.assign(staff, RequestValues.idInPath(id, "no case " + id), null)
                .id());
    }

    @POST
    @Path("/cases/{id}/notes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response note(@PathParam("id") String id, @FormParam("token") String token, @FormParam("text") String text) {
        Staff staff = formOf(token);
        return backTo(support.addNote(staff, RequestValues.idInPath(id, "no case " + id), text)
                .id());
    }

    @POST
    @Path("/cases/{id}/resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resolve(
            @PathParam("id") String id, @FormParam("token") String token, @FormParam("resolution") String resolution) {
        Staff staff = formOf(token);
        return backTo(support.resolve(staff, RequestValues.idInPath(id, "no case " + id), resolution)
                .id());
    }

    @POST
    @Path("/cases/{id}/close")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response close(@PathParam("id") String id, @FormParam("token") String token) {
        Staff staff = formOf(token);
        return backTo(support.close(staff, RequestValues.idInPath(id, "no case " + id))
                .id());
    }

    /** Signs out, on the owner's behalf, the device named (and all its sessions) or else the session named. */
    @POST
    @Path("/cases/{id}/sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(
            @PathParam("id") String id,
            @FormParam("token") String token,
            @FormParam("deviceId") String deviceId,
            @FormParam("sessionId") String sessionId) {
        Staff staff = formOf(token);
        UUID caseId = RequestValues.idInPath(id, "no case " + id);
        if (deviceId != null) {
            support.signOutDevice(staff, caseId, RequestValues.deviceId("deviceId", deviceId));
        } else {
            support.signOutSession(staff, caseId, RequestValues.idInBody("sessionId", sessionId, true));
        }
        return backTo(caseId);
    }

    /** Where the identity provider sends the browser after signing out: nobody is signed in any more. */
    @GET
    @Path("/signed-out")
    @PermitAll
    public TemplateInstance signedOut() {
        return Templates.signedOut();
    }

    /**
     * Refusals on console pages are pages too, with the status and the detail; the page's script asking for JSON gets
     * problem JSON.
     */
    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpHeaders headers) {
        boolean json = headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> !m.isWildcardType()
                        && !m.isWildcardSubtype()
                        && m.isCompatible(MediaType.APPLICATION_JSON_TYPE));
        return json
                ? e.toResponse()
                : Response.status(e.problem().status())
                        .type(MediaType.TEXT_HTML_TYPE)
                        .entity(Templates.error(e.problem()).render())
                        .build();
    }

    /** The form's token is used up before anything is done. */
    private Staff formOf(String token) {
        Staff staff = currentStaff.get();
        tokens.use(staff, token);
        return staff;
    }

    private static Response backTo(UUID caseId) {
        return Response.seeOther(URI.create("/console/cases/" + caseId)).build();
    }
}
