package io.photosync.audit.publishing;

import io.photosync.audit.http.RequestValues;
import io.photosync.audit.log.ConsistencyProof;
import io.photosync.audit.log.InclusionProof;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.log.TileId;
import io.photosync.common.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The transparency log's public HTTP face: what monitors, witnesses and mirrors need to check that the
 * log only grows (checkpoint, key, tiles, proofs). No leaf is served here: an entry is read only by its
 * account's owner ({@link io.photosync.audit.provenance.OwnEntryResource}); see docs/PRIVACY.md.
 */
@Path("/v1/log")
@Tag(name = "transparency log")
public class LogResource {
    @Inject
    ProofService proofs;

    @Inject
    NoteKeys.Signer signer;

    public record InclusionView(long index, long treeSize, List<String> hashes) {}

    public record ConsistencyView(long from, long to, List<String> hashes) {}

    @GET
    @Path("/checkpoint")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The latest signed checkpoint (C2SP tlog-checkpoint in a signed note)")
    public String checkpoint() {
        return proofs.latest().note();
    }

    @GET
    @Path("/key")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The checkpoint verifier key, signed-note vkey form")
    public String key() {
        return signer.verifier().format() + "\n";
    }

    @GET
    @Path("/proofs/inclusion")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "RFC 9162 inclusion proof of an index in a signed tree size")
    public InclusionView inclusion(@QueryParam("index") String index, @QueryParam("treeSize") String treeSize) {
        InclusionProof proof =
                proofs.inclusion(RequestValues.number("index", index), RequestValues.number("treeSize", treeSize));
        return new InclusionView(
                proof.index(),
                proof.treeSize(),
                proof.hashes().stream().map(LogResource::base64).toList());
    }

    @GET
    @Path("/proofs/consistency")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "RFC 9162 consistency proof between two signed tree sizes")
    public ConsistencyView consistency(@QueryParam("from") String from, @QueryParam("to") String to) {
        ConsistencyProof proof = proofs.consistency(RequestValues.number("from", from), RequestValues.number("to", to));
        return new ConsistencyView(
                proof.from(),
                proof.to(),
                proof.hashes().stream().map(LogResource::base64).toList());
    }

    @GET
    @Path("/entries/{index}/proof")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "C2SP tlog-proof@v1 of one entry against the latest checkpoint")
    public String entryProof(@PathParam("index") String index) {
        return proofs.tlogProof(RequestValues.number("index", index));
    }

    @GET
    @Path("/tile/{path: .+}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "A tile of tree hashes, C2SP tlog-tiles layout: tile/<L>/<N>[.p/<W>]")
    public byte[] tile(@PathParam("path") String path) {
        try {
            return proofs.tile(TileId.parse(path));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
