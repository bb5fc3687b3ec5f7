package io.photosync.audit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.audit.entry.Disclosure;
import io.photosync.audit.log.Hashes;
import io.photosync.audit.provenance.ProvenanceService;
import io.photosync.audit.repository.StoredEntry;
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

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

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
    @Inject
    ObjectMapper json;

    public record DisclosureView(String field, String salt, JsonNode value) {
    }

    public record EntryView(long index, UUID id, String leaf, String leafHash, List<DisclosureView> disclosures) {
    }

    @GET
    @Path("/{index}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One entry of the caller's account: canonical leaf bytes and the disclosures still kept for its digests")
    public EntryView entry(@PathParam("index") String index) throws JsonProcessingException {
        StoredEntry entry = provenance.ownEntry(currentCaller.get().accountId(), LogResource.number("index", index));
        List<DisclosureView> disclosures = new ArrayList<>();
        for (Disclosure d : entry.disclosures()) {
            disclosures.add(new DisclosureView(d.field(), d.salt(), json.readTree(d.valueJson())));
        }
        Base64.Encoder base64 = Base64.getEncoder();
        return new EntryView(entry.index(), entry.id(), base64.encodeToString(entry.entry()),
                base64.encodeToString(Hashes.leafHash(entry.entry())), disclosures);
    }
}
