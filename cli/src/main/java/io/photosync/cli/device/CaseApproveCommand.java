package io.photosync.cli.device;

import picocli.CommandLine.Command;

/** {@code case approve GRANT_ID}: {@code POST /v1/me/grants/{id}/approve}. */
@Command(
        name = "approve",
        description = "Let support see the account for a case an agent opened, until the grant expires.")
public final class CaseApproveCommand extends GrantCommand {
    public CaseApproveCommand() {
        super("POST", "/approve");
    }
}
