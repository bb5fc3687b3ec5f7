package io.photosync.cli.device;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What every device command shares: problems end the command with a clear message on stderr
 * (a service's own problem {@code title} and {@code detail}) and exit code 1, never a stack trace.
 */
public abstract class DeviceCommandBase implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (ApiProblem problem) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: " + problem.service() + " refused the request (HTTP " + problem.status() + "): " + problem.title());
            if (problem.detail() != null && !problem.detail().isBlank()) {
                err.println("       " + problem.detail());
            }
            return 1;
        } catch (CliFailure | IOException failure) {
            spec.commandLine().getErr().println("error: " + failure.getMessage());
            return 1;
        }
    }

    protected abstract int execute() throws IOException;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
