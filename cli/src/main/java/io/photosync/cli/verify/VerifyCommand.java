package io.photosync.cli.verify;

import io.photosync.cli.device.AccessLogPrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify REPORT.json --log-key VKEY} or {@code verify --tlog-proof FILE --log-key VKEY} or
 * {@code verify --access-log FILE --log-key VKEY}: checks offline,
 * trusting nothing but the log key. Exit code 0 only when every check holds; otherwise 1 and the failed step.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description =
                "Verify a provenance report, an access log or a C2SP tlog-proof offline against the log's verifier"
                        + " key.")
public class VerifyCommand implements Callable<Integer> {
    static final int VERIFIED = 0;
    static final int FAILED = 1;
    static final int UNREADABLE = 2;

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "REPORT.json",
            description = "a provenance report (GET /v1/provenance/photos/{id})")
    Path report;

    @Option(
            names = "--log-key",
            required = true,
            paramLabel = "VKEY",
            description = "the log's verifier key name+keyid+base64, or a file holding it (GET /v1/log/key)")
    String logKey;

    @Option(
            names = "--account-url",
            paramLabel = "URL",
            description =
                    "account-service's public URL the report's actions must link to (default: taken from the report's"
                        + " REVIEW_SESSIONS link, so every action must agree with it, but a report linking elsewhere"
                        + " throughout is not caught)")
    String accountUrl;

    @Option(
            names = "--impossible-travel-kmh",
            paramLabel = "KMH",
            defaultValue = "1000",
            description =
                    "the log operator's impossible-travel threshold (audit.provenance.impossible-travel-kmh; default"
                            + " ${DEFAULT-VALUE})")
    double impossibleTravelKmh;

    @Option(
            names = "--tlog-proof",
            paramLabel = "FILE",
            description = "a c2sp.org/tlog-proof@v1 file instead of a report")
    Path tlogProof;

    @Option(
            names = "--access-log",
            paramLabel = "FILE",
            description =
                    "an access log (GET /v1/me/access-log, saved by 'access-log --save')" + " instead of a report")
    Path accessLog;

    @Option(
            names = "--account",
            paramLabel = "ACCOUNT_ID",
            description = "with --access-log: the account it must be of (default: the one its entries name)")
    String account;

    @Option(
            names = "--zone",
            paramLabel = "ZONE",
            defaultValue = "UTC",
            description = "with --access-log: time zone for the times shown (default: ${DEFAULT-VALUE})")
    ZoneId zone;

    @Option(
            names = "--entry",
            paramLabel = "FILE",
            description = "with --tlog-proof: the entry's canonical bytes (default: the proof's extra data)")
    Path entry;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Stream.of(report, tlogProof, accessLog).filter(Objects::nonNull).count() != 1) {
            err.println("give one of REPORT.json, --tlog-proof FILE or --access-log FILE");
            return UNREADABLE;
        }
        try {
            VerifierKey key = VerifierKey.parse(readKey(logKey));
            if (tlogProof != null) {
                verifyTlogProof(key, out);
            } else if (accessLog != null) {
                AccessLogPrinter.print(
                        out, AccessLogVerifier.verify(Files.readAllBytes(accessLog), key, account), key, zone);
            } else {
                ReportVerifier.Result result =
                        ReportVerifier.verify(Files.readAllBytes(report), key, impossibleTravelKmh, accountUrl);
                out.println("OK: checkpoint " + result.checkpoint().origin() + " size "
                        + result.checkpoint().size()
                        + " signed by " + key.name() + "; " + result.entries() + " entries included; "
                        + result.disclosures() + " disclosures and " + result.steps()
                        + " chain steps match their leaves");
                for (ReportVerifier.ChainSpan c : result.chains()) {
                    out.println("OK: " + c.name() + " of account " + result.accountId() + " unbroken from entry "
                            + c.first() + " (its first) to entry " + c.last() + ", " + c.entries() + " entries");
                }
                out.println("OK: verdict, " + result.findings()
                        + " findings, summary, explanation (en, zh) and actions are exactly"
                        + " what the verified entries imply (impossible travel above " + impossibleTravelKmh
                        + " km/h; links to "
                        + result.accountServiceUrl()
                        + (result.accountServiceUrlPinned()
                                ? ")"
                                : ", as the report gives it: pin it with --account-url)"));
                out.println(
                        "NOTE: entries of these chains logged after their last entry shown here cannot be excluded by"
                                + " the evidence: a report can be complete only up to the newest entry it shows");
            }
            return VERIFIED;
        } catch (VerificationException e) {
            err.println("FAILED: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("cannot read input: " + e.getMessage());
            return UNREADABLE;
        }
    }

    private void verifyTlogProof(VerifierKey key, PrintWriter out) throws IOException, VerificationException {
        TlogProof proof = TlogProof.parse(Files.readAllBytes(tlogProof));
        byte[] entryBytes;
        if (entry != null) {
            entryBytes = Files.readAllBytes(entry);
        } else {
            entryBytes = proof.extra()
                    .orElseThrow(() -> new VerificationException(
                            "the tlog-proof carries no entry in its extra data; give the entry with --entry FILE"));
        }
        Checkpoint checkpoint = proof.verify(Merkle.leafHash(entryBytes), key);
        out.println("OK: entry " + proof.index() + " (leaf hash "
                + Base64.getEncoder().encodeToString(Merkle.leafHash(entryBytes)) + ") is in " + checkpoint.origin()
                + " at size " + checkpoint.size() + ", checkpoint signed by " + key.name());
        out.println(new String(entryBytes, StandardCharsets.UTF_8));
    }

    /** The key may be given inline or as a file holding it (as fetched from GET /v1/log/key). */
    public static String readKey(String keyOrFile) throws IOException {
        Path path = Path.of(keyOrFile);
        if (keyOrFile.indexOf('+') < 0 && Files.isRegularFile(path)) {
            return Files.readString(path).strip();
        }
        return keyOrFile;
    }
}
