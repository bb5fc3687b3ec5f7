package io.photosync.audit.provenance;

import io.photosync.audit.http.RequestValues;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** "Why does this photo appear on my device?", answered to the photo's owner from the log, with proofs. */
@Path("/v1/provenance")
@Authenticated
@Tag(name = "provenance")
public class ProvenanceResource {
    @Inject
    CurrentCaller currentCaller;

    @Inject
    ProvenanceService provenance;

    @GET
    @Path("/photos/{photoId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "The provenance report of a photo for one of the caller's devices (default: the calling device)")
    public ProvenanceReport photo(@PathParam("photoId") String photoId, @QueryParam("device") String device) {
        Caller caller = currentCaller.get();
        UUID photo = RequestValues.idInPath(photoId, "no photo " + photoId + " on this account");
        String deviceId =
                RequestValues.deviceId("device", device == null || device.isEmpty() ? caller.deviceId() : device);
        return provenance.report(caller.accountId(), photo, deviceId);
    }
}
