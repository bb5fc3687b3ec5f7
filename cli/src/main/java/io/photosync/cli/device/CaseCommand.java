package io.photosync.cli.device;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code case …}: the account's support cases and support's access to the account (docs/SUPPORT.md "Phone API"). */
@Command(
        name = "case",
        description = "Ask support about a photo, follow the case, and approve or end support's access to the account.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            CaseOpenCommand.class,
            CaseListCommand.class,
            CaseShowCommand.class,
            CaseApproveCommand.class,
            CaseRevokeAccessCommand.class
        })
public final class CaseCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required, e.g. 'case list'");
    }
}
