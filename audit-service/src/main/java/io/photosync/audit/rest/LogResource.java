package io.photosync.audit.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.audit.log.ConsistencyProof;
import io.photosync.audit.log.InclusionProof;
import io.photosync.audit.log.NoteKeys;
import io.photosync.audit.log.TileId;
import io.photosync.audit.service.ProofService;
import io.photosync.audit.service.SubmissionService;
import io.photosync.common.problem.Problem;
import io.photosync.common.problem.ProblemException;
import io.photosync.common.source.SourceAuthException;
import io.photosync.common.source.SourceToken;
import io.photosync.common.source.SourceTokenVerifier;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The transparency log's public HTTP face: what monitors, witnesses and mirrors need to check that the
 * log only grows (checkpoint, key, tiles, proofs), and submissions from the sources. No leaf is served
 * here: an entry is read only by its account's owner ({@link OwnEntryResource}); see docs/PRIVACY.md.
 */
@Path("/v1/log")
@Tag(name = "transparency log")
public class LogResource {
    /** Largest accepted submission body. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    private static final String NUMBER = "0|[1-9][0-9]{0,18}";

    @Inject
    SubmissionService submissions;
    @Inject
    ProofService proofs;
    @Inject
    SourceTokenVerifier sourceTokens;
    @Inject
    NoteKeys.Signer signer;
    @Inject
    ObjectMapper json;

    public record SubmittedEntry(UUID id, long index, String leafHash) {
    }

    public record SubmitResponse(List<SubmittedEntry> entries) {
    }

    public record InclusionView(long index, long treeSize, List<String> hashes) {
    }

    public record ConsistencyView(long from, long to, List<String> hashes) {
    }

    @POST
    @Path("/entries")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a batch of events (sources only, Authorization: Source <JWT>); answers with their indices")
    public SubmitResponse submit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] bytes) throws IOException {
        // A byte[] body is read on the event loop before dispatch; a blocking InputStream made the worker thread
        // wait on the event loop for every chunk (issue 12 profile). Vert.x bounds it by quarkus.http.limits.max-body-size.
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ProblemException(413, "body-too-large", "Body too large", "a submission is at most " + MAX_BODY_BYTES + " bytes");
        }
        String source;
        try {
            source = sourceTokens.verify(authorization, bytes);
        } catch (SourceAuthException e) {
            throw new ProblemException(Problem.of(401, "source-unauthenticated", "Source not authenticated", e.getMessage()),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, SourceToken.SCHEME));
        }
        JsonNode parsed = json.readTree(bytes); // not JSON: common's mapper says where, in the client's terms
        return new SubmitResponse(submissions.submit(parsed, source).stream()
                .map(a -> new SubmittedEntry(a.id(), a.index(), base64(a.leafHash()))).toList());
    }

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
        InclusionProof proof = proofs.inclusion(number("index", index), number("treeSize", treeSize));
        return new InclusionView(proof.index(), proof.treeSize(), proof.hashes().stream().map(LogResource::base64).toList());
    }

    @GET
    @Path("/proofs/consistency")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "RFC 9162 consistency proof between two signed tree sizes")
    public ConsistencyView consistency(@QueryParam("from") String from, @QueryParam("to") String to) {
        ConsistencyProof proof = proofs.consistency(number("from", from), number("to", to));
        return new ConsistencyView(proof.from(), proof.to(), proof.hashes().stream().map(LogResource::base64).toList());
    }

    @GET
    @Path("/entries/{index}/proof")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "C2SP tlog-proof@v1 of one entry against the latest checkpoint")
    public String entryProof(@PathParam("index") String index) {
        return proofs.tlogProof(number("index", index));
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

    static long number(String name, String value) {
        if (value == null || !value.matches(NUMBER)) {
            throw ProblemException.badRequest(name + " must be a non-negative decimal number");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " is too large");
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
