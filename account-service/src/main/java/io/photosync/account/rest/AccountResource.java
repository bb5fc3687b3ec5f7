package io.photosync.account.rest;

import io.photosync.account.service.AccountService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/accounts")
@Tag(name = "accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {
    @Inject
    AccountService accounts;

    @POST
    @Operation(
            summary = "Create an account",
            description = "409 when the login is taken, 400 when the password is weak")
    public Response create(Requests.CreateAccount body) {
        Requests.requireBody(body);
        body.validate();
        UUID id = accounts.create(body.login(), body.password(), body.displayName());
        return Response.created(URI.create("/v1/accounts/" + id))
                .entity(Map.of("accountId", id))
                .build();
    }
}
