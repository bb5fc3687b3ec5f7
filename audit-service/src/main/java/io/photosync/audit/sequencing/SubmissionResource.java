package io.photosync.audit.sequencing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.photosync.audit.storage.TokenUse;
import io.photosync.common.problem.ProblemException;
import io.photosync.common.source.SourceAuthException;
import io.photosync.common.source.SourceTokenVerifier;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Submissions from the sources (account- and sync-service), each batch signed by its source (docs/EVENTS.md). */
@Path("/v1/log")
@Tag(name = "transparency log")
public class SubmissionResource {
    /** Largest accepted submission body. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    @Inject
    SubmissionService submissions;

    @Inject
    SourceTokenVerifier sourceTokens;

    @Inject
    ObjectMapper json;

    public record SubmittedEntry(UUID id, long index, String leafHash) {}

    public record SubmitResponse(List<SubmittedEntry> entries) {}

    @POST
    @Path("/entries")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Submit a batch of events (sources only, Authorization: Source <JWT>); answers with their indices")
    public SubmitResponse submit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] bytes)
            throws IOException {
        // A byte[] body is read on the event loop before dispatch; a blocking InputStream made the worker thread
        // wait on the event loop for every chunk (issue 12 profile). Vert.x bounds it by
        // quarkus.http.limits.max-body-size.
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ProblemException(
                    413, "body-too-large", "Body too large", "a submission is at most " + MAX_BODY_BYTES + " bytes");
        }
        SourceTokenVerifier.Checked token;
        try {
            token = sourceTokens.check(authorization, bytes);
        } catch (SourceAuthException e) {
            throw new SubmissionRefused(SubmissionRefused.Reason.UNAUTHENTICATED, e.getMessage());
        }
        JsonNode parsed = json.readTree(bytes); // not JSON: common's mapper says where, in the client's terms
        // The token's jti is spent in the transaction that writes its entries: one token, at most one effect.
        TokenUse use = new TokenUse(token.jtiKey(), token.forgetAfter());
        return new SubmitResponse(submissions.submit(parsed, token.source(), use).stream()
                .map(a -> new SubmittedEntry(a.id(), a.index(), base64(a.leafHash())))
                .toList());
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
