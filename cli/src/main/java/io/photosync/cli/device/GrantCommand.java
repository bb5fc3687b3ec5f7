package io.photosync.cli.device;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A change of one of the account's grants on audit-service; prints the grant as it is afterwards. */
abstract class GrantCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Parameters(paramLabel = "GRANT_ID", description = "the case's grant, as 'case list' shows it")
    String grantId;

    private final String method;
    private final String suffix;

    /** @param suffix what follows {@code /v1/me/grants/{id}} */
    GrantCommand(String method, String suffix) {
        this.method = method;
        this.suffix = suffix;
    }

    @Override
    protected final int execute() {
        out().printf(
                        "Grant %s%n",
                        CasePrinter.grant(Text.printable(DeviceClient.open(options)
                                .call(
                                        Service.AUDIT,
                                        method,
                                        "/v1/me/grants/" + Service.segment(grantId) + suffix,
                                        null))));
        return OK;
    }
}
