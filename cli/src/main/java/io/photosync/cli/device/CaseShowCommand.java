package io.photosync.cli.device;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code case show ID}: {@code GET /v1/me/cases/{id}}. */
@Command(name = "show", description = "Show one support case: its state, support's access (grant) and the resolution.")
public final class CaseShowCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Parameters(paramLabel = "CASE_ID", description = "as listed by 'case list'")
    String caseId;

    @Override
    protected int execute() {
        CasePrinter.printCase(
                out(),
                DeviceClient.open(options).call(Service.AUDIT, "GET", "/v1/me/cases/" + Service.segment(caseId), null));
        return OK;
    }
}
