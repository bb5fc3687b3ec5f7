package io.photosync.cli.device;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** The password: from stdin (for scripts), the command line, or a prompt without echo. */
public final class PasswordOptions {
    @Option(
            names = "--password",
            paramLabel = "P",
            description = "the password (visible in the process list: prefer --password-stdin)")
    String password;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
    boolean fromStdin;

    String read() throws IOException {
        if (password != null && fromStdin) {
            throw new CliFailure("give either --password or --password-stdin, not both");
        }
        if (password != null) {
            return password;
        }
        if (fromStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new CliFailure("--password-stdin: standard input held no password");
            }
            return line;
        }
        Console console = System.console();
        if (console == null) {
            throw new CliFailure("no terminal to ask for the password: give --password-stdin or --password");
        }
        char[] typed = console.readPassword("Password: ");
        if (typed == null || typed.length == 0) {
            throw new CliFailure("no password given");
        }
        return new String(typed);
    }
}
