package io.photosync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.photosync.cli.Main;
import java.io.StringWriter;

/** One command line of the cli run in-process, as a phone's owner runs it: its exit code and what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(out, err, args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** Runs the command line, which must succeed (exit 0). */
    static CliRun ok(String... args) {
        CliRun r = run(args);
        assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }
}
