package io.photosync.account.rest;

import io.photosync.account.service.Sessions;
import io.photosync.common.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The revocation feed other services poll (sync-service: every second) to refuse revoked sessions
 * within seconds rather than at token expiry. It shows only random session ids and times, nothing
 * about accounts or people, so it needs no token.
 */
@Path("/v1/revocations")
@Tag(name = "revocations")
@Produces(MediaType.APPLICATION_JSON)
public class RevocationResource {
    private static final int MAX_LIMIT = 1000;

    @Inject
    Sessions sessions;

    public record RevocationView(UUID sessionId, Instant revokedAt) {
    }

    public record Feed(List<RevocationView> revocations, long nextCursor) {
    }

    @GET
    @Operation(summary = "Revoked sessions in revocation order",
            description = "With since: revocations after that cursor. Without: those whose access tokens may still be alive. Poll with nextCursor.")
    public Feed feed(@QueryParam("since") String sinceParam, @QueryParam("limit") String limitParam) {
        Long since = sinceParam == null ? null : number("since", sinceParam);
        int pageSize = limitParam == null ? MAX_LIMIT : number("limit", limitParam).intValue();
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        long lastBefore = sessions.lastRevocationSeq();
        List<Sessions.Revocation> page = sessions.revocations(since, pageSize);
        long next = page.isEmpty() ? (since != null ? since : lastBefore) : page.get(page.size() - 1).seq();
        return new Feed(page.stream().map(r -> new RevocationView(r.sessionId(), Views.ms(r.revokedAt()))).toList(), next);
    }

    private static Long number(String name, String value) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(name + " must be a non-negative integer");
    }
}
