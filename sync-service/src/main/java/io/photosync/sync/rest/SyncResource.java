package io.photosync.sync.rest;

import io.photosync.common.problem.ProblemException;
import io.photosync.deviceauth.CurrentCaller;
import io.photosync.sync.service.ChangeCursor;
import io.photosync.sync.service.SyncService;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/sync")
@Authenticated
@Tag(name = "sync")
public class SyncResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    @Inject
    CurrentCaller currentCaller;

    @Inject
    SyncService sync;

    @GET
    @Path("/changes")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Changes after the cursor; handing an 'added' change to this device records a delivery")
    public Views.ChangesAnswer changes(@QueryParam("since") String since, @QueryParam("limit") String limit) {
        SyncService.Page page = sync.changes(currentCaller.get(), ChangeCursor.decode(since), parseLimit(limit));
        return new Views.ChangesAnswer(
                page.changes().stream().map(Views.ChangeEntry::of).toList(), page.nextCursor());
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ProblemException.badRequest("limit must be a number from 1 to " + MAX_LIMIT);
    }
}
