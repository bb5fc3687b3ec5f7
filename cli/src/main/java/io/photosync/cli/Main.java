package io.photosync.cli;

import io.photosync.cli.device.DeviceCommands;
import io.photosync.cli.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.Writer;

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

    /** Runs one command line in-process with its output going to {@code out} and {@code err}; returns the exit code. */
    public static int run(Writer out, Writer err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
