package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code case list}: {@code GET /v1/me/cases}. */
@Command(name = "list", description = "List the account's support cases, newest first.")
public final class CaseListCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Override
    protected int execute() {
        JsonNode cases =
                ListPrinter.items(DeviceClient.open(options).call(Service.AUDIT, "GET", "/v1/me/cases", null), "cases");
        out().printf("%d support case(s):%n", cases.size());
        cases.forEach(sc -> CasePrinter.printCase(out(), sc));
        return OK;
    }
}
