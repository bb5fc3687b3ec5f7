package io.photosync.cli;

import io.photosync.cli.device.DeviceCommands;
import io.photosync.cli.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the photosync command line: a device simulator and the independent offline verifier. */
@Command(name = "photosync", mixinStandardHelpOptions = true, version = "photosync cli 1.0",
        description = "Device simulator and independent offline verifier for the photo-sync integrity suite.",
        subcommands = {DeviceCommands.Device.class, DeviceCommands.Signup.class, DeviceCommands.Login.class,
                DeviceCommands.Sessions.class, DeviceCommands.Revoke.class, DeviceCommands.Upload.class,
                DeviceCommands.Sync.class, VerifyCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, so tests run commands in-process with their own output streams. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
