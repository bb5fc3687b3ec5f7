package io.photosync.cli.device;

import picocli.CommandLine.Command;

/** {@code case revoke-access GRANT_ID}: {@code DELETE /v1/me/grants/{id}}. */
@Command(name = "revoke-access", description = "End support's access to the account for a case now.")
public final class CaseRevokeAccessCommand extends GrantCommand {
    public CaseRevokeAccessCommand() {
        super("DELETE", "");
    }
}
