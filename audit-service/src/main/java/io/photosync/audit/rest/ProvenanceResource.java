package io.photosync.audit.rest;

import io.photosync.audit.provenance.ProvenanceReport;
import io.photosync.audit.provenance.ProvenanceService;
import io.photosync.common.problem.ProblemException;
import io.photosync.deviceauth.Caller;
import io.photosync.deviceauth.CurrentCaller;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;
import java.util.regex.Pattern;

/** "Why does this photo appear on my device?", answered to the photo's owner from the log, with proofs. */
@Path("/v1/provenance")
@Authenticated
@Tag(name = "provenance")
public class ProvenanceResource {
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A device id is an RFC 7638 SHA-256 thumbprint: 43 base64url characters. */
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    @Inject
    CurrentCaller currentCaller;
    @Inject
    ProvenanceService provenance;

    @GET
    @Path("/photos/{photoId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The provenance report of a photo for one of the caller's devices (default: the calling device)")
    public ProvenanceReport photo(@PathParam("photoId") String photoId, @QueryParam("device") String device) {
        Caller caller = currentCaller.get();
        if (!UUID_TEXT.matcher(photoId).matches()) {
            throw ProblemException.notFound("no photo " + photoId + " on this account");
        }
        String deviceId = device == null || device.isEmpty() ? caller.deviceId() : device;
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw ProblemException.badRequest("device must be a device id (43 base64url characters)");
        }
        return provenance.report(caller.accountId(), UUID.fromString(photoId), deviceId);
    }
}
