package io.photosync.account.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.Payload;
import io.photosync.account.service.Sessions;
import io.photosync.account.service.SigningKeys;
import io.photosync.common.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The revocation feed other services poll (sync-service: every second) to refuse revoked sessions
 * within seconds rather than at token expiry. It shows only random session ids and times, nothing
 * about people, so it needs no token; a session ended by the erasure of its account also names the (random)
 * account id, which no longer leads to any personal value, so that sync-service erases that account's photos. Asked for
 * {@code application/jwt}, a page is a compact
 * ES256 JWS ({@code typ: revocations+jwt}) by the key that signs access tokens, over the page's JSON; the page
 * echoes {@code since} and the poller's {@code nonce}, so an old page cannot be replayed as a new one.
 */
@Path("/v1/revocations")
@Tag(name = "revocations")
public class RevocationResource {
    public static final String SIGNED_PAGE = "application/jwt";
    public static final JOSEObjectType PAGE_TYPE = new JOSEObjectType("revocations+jwt");
    private static final int MAX_LIMIT = 1000;
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    @Inject
    Sessions sessions;

    @Inject
    SigningKeys keys;

    @Inject
    ObjectMapper json;

    /**
     * @param erasedAccountId only when the session ended because its owner erased the account (sync-service erases too)
     */
    public record RevocationView(
            UUID sessionId,
            Instant revokedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) UUID erasedAccountId) {}

    /** @param more whether revocations after {@code nextCursor} exist already: a poller is caught up only without */
    public record Feed(List<RevocationView> revocations, long nextCursor, boolean more, Long since, String nonce) {}

    @GET
    @Produces({MediaType.APPLICATION_JSON, SIGNED_PAGE})
    @Operation(
            summary = "Revoked sessions in revocation order",
            description =
                    "With since: revocations after that cursor. Without: those whose access tokens may still be alive."
                        + " Poll with nextCursor while more is true. Accept: application/jwt answers the page signed"
                        + " (typ revocations+jwt).")
    public Response feed(
            @QueryParam("since") String sinceParam,
            @QueryParam("limit") String limitParam,
            @QueryParam("nonce") String nonce,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Long since = sinceParam == null ? null : number("since", sinceParam);
        int pageSize =
                limitParam == null ? MAX_LIMIT : number("limit", limitParam).intValue();
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        if (nonce != null && !NONCE.matcher(nonce).matches()) {
            throw ProblemException.badRequest("nonce must be 16 to 64 characters of A-Z, a-z, 0-9, '-', '_'");
        }
        long lastBefore = sessions.lastRevocationSeq();
        List<Sessions.Revocation> page = sessions.revocations(since, pageSize);
        long next = page.isEmpty()
                ? (since != null ? since : lastBefore)
                : page.get(page.size() - 1).seq();
        Feed feed = new Feed(
                page.stream()
                        .map(r -> new RevocationView(r.sessionId(), Views.ms(r.revokedAt()), r.erasedAccountId()))
                        .toList(),
                next,
                page.size() == pageSize,
                since,
                nonce);
        if (accept == null || !accept.contains(SIGNED_PAGE)) {
            return Response.ok(feed, MediaType.APPLICATION_JSON_TYPE).build();
        }
        try {
            return Response.ok(keys.sign(PAGE_TYPE, new Payload(json.writeValueAsString(feed))), SIGNED_PAGE)
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a revocation page", e);
        }
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
