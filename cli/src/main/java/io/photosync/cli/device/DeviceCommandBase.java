package io.photosync.cli.device;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every device command shares: problems end the command with a clear message on stderr,
 * never a stack trace. Exit codes: {@value #OK} done; {@value #REFUSED} a service refused (its own
 * problem {@code title} and {@code detail} are printed); {@value #LOCAL_ERROR} a problem on this
 * side (no such device or file, service unreachable) — the same code picocli uses for bad usage.
 */
public abstract class DeviceCommandBase implements Callable<Integer> {
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int LOCAL_ERROR = 2;

    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (ApiProblem problem) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: " + problem.service() + " refused the request (HTTP " + problem.status() + "): "
                    + problem.title());
            if (problem.detail() != null && !problem.detail().isBlank()) {
                err.println("       " + problem.detail());
            }
            return REFUSED;
        } catch (CliFailure | IOException failure) {
            spec.commandLine().getErr().println("error: " + failure.getMessage());
            return LOCAL_ERROR;
        }
    }

    protected abstract int execute() throws IOException;

    /** Writes an answer exactly as received to {@code file}, creating its folder, for a later offline 'verify'. */
    protected static void saveAsReceived(Path file, byte[] body) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, body);
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
