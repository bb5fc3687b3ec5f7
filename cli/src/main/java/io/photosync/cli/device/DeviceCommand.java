package io.photosync.cli.device;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code device …}: manage the simulated phones kept under the CLI home. */
@Command(
        name = "device",
        description = "Manage the simulated phones kept under --home.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {DeviceNewCommand.class})
public final class DeviceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required, e.g. 'device new'");
    }
}
