package io.photosync.cli.device;

import io.photosync.cli.verify.AccessLine;
import io.photosync.cli.verify.AccessLogVerifier;
import io.photosync.cli.verify.VerifierKey;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;

/** Prints a verified access log: what was checked, then each line as the cli rendered it from its verified entry. */
public final class AccessLogPrinter {
    /**
     * What the evidence cannot prove: the chain links show nothing was left out between its first and last entry only.
     */
    private static final String NOTE =
            "NOTE: entries of the access chain logged after the last one shown (or any, when none is shown) cannot be"
                    + " excluded by the evidence: an access log is complete only up to its newest entry";

    private AccessLogPrinter() {}

    public static void print(PrintWriter out, AccessLogVerifier.Result verified, VerifierKey key, ZoneId zone) {
        List<AccessLine> lines = verified.lines();
        out.printf(
                "OK: checkpoint %s size %d signed by %s; %d entries included; %d disclosures match their leaves%n",
                Text.printable(verified.checkpoint().origin()),
                verified.checkpoint().size(),
                Text.printable(key.name()),
                lines.size(),
                verified.disclosures());
        if (lines.isEmpty()) {
            out.printf(
                    "No support access to this account is shown, as of log size %d (%s).%n",
                    verified.checkpoint().size(), Text.time(verified.asOfAt().toString(), zone));
            out.println(NOTE);
            return;
        }
        out.printf(
                "OK: access chain of account %s unbroken from entry %d (its first) to entry %d; every line is what its"
                        + " entry says%n",
                Text.printable(verified.accountId()),
                lines.get(0).index(),
                lines.get(lines.size() - 1).index());
        out.printf(
                "Support's access to this account, as of log size %d (%s):%n",
                verified.checkpoint().size(), Text.time(verified.asOfAt().toString(), zone));
        for (AccessLine line : lines) {
            out.printf(
                    "  #%-6d %s  %s%n",
                    line.index(), Text.time(line.at().toString(), zone), Text.printable(line.what()));
        }
        out.println(NOTE);
    }
}
