package io.photosync.cli.device;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A stand-alone entry point for the device commands only (the CLI's main entry point registers
 * them through {@link DeviceCommands}). Prints UTF-8 whatever the locale: reports hold Chinese.
 */
@Command(name = "photosync-device", mixinStandardHelpOptions = true, version = "photosync-cli 1.0",
        description = "A simulated phone for the photo-sync suite.", synopsisSubcommandLabel = "COMMAND")
public final class DeviceMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        CommandLine cli = DeviceCommands.addTo(new CommandLine(new DeviceMain()));
        cli.setOut(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true));
        System.exit(cli.execute(args));
    }
}
