package io.photosync.audit.provenance;

import io.photosync.audit.http.RequestValues;
import io.photosync.deviceauth.CurrentCaller;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One log entry with its disclosures, for the owner of the account it concerns only (docs/PRIVACY.md):
 * a leaf names ids and facts that would link an account's activity, so it is never public.
 */
@Path("/v1/me/log/entries")
@Authenticated
@Tag(name = "transparency log")
public class OwnEntryResource {
    @Inject
    CurrentCaller currentCaller;

    @Inject
    ProvenanceService provenance;

    @GET
    @Path("/{index}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "One entry of the caller's account: canonical leaf bytes and the disclosures still kept "
                    + "for its digests")
    public OwnEntry entry(@PathParam("index") String index) {
        return provenance.ownEntry(currentCaller.get().accountId(), RequestValues.number("index", index));
    }
}
