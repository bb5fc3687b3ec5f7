package io.photosync.cli;

import io.photosync.cli.device.DeviceCommands;
import io.photosync.cli.verify.VerifyCommand;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the photosync command line: a device simulator and the independent offline verifier. */
@Command(
        name = "photosync",
        mixinStandardHelpOptions = true,
        version = "photosync cli 1.0",
        description = "Device simulator and independent offline verifier for the photo-sync integrity suite.",
        subcommands = VerifyCommand.class)
public final class Main {
    /** Prints UTF-8 whatever the locale says: provenance reports explain in Chinese too. */
    public static void main(String[] args) {
        PrintWriter out = utf8(FileDescriptor.out);
        PrintWriter err = utf8(FileDescriptor.err);
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        int exit = cli.execute(args);
        out.flush();
        err.flush();
        System.exit(exit);
    }

    private static PrintWriter utf8(FileDescriptor descriptor) {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(descriptor), StandardCharsets.UTF_8), true);
    }

    /** Runs one command line in-process with its output going to {@code out} and {@code err}; returns the exit code. */
    public static int run(Writer out, Writer err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static CommandLine commandLine() {
        return DeviceCommands.addTo(new CommandLine(new Main()));
    }
}
