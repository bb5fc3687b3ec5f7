package io.photosync.cli.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code case open --photo ID --question TEXT}: {@code POST /v1/me/cases}. */
@Command(
        name = "open",
        description =
                "Ask support about a photo. Support may see the account for this case at once, until the grant expires"
                        + " or you end it with 'case revoke-access'.")
public final class CaseOpenCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Option(names = "--photo", paramLabel = "PHOTO_ID", description = "the photo the question is about")
    String photoId;

    @Option(names = "--question", paramLabel = "TEXT", required = true, description = "what you want to know")
    String question;

    @Override
    protected int execute() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("question", question);
        if (photoId != null) {
            body.put("photoId", photoId);
        }
        CasePrinter.printCase(
                out(),
                DeviceClient.open(options).call(Service.AUDIT, "POST", "/v1/me/cases", DpopHttpClient.Body.json(body)));
        out().println("Every look and action of support on this account is in 'access-log'.");
        return OK;
    }
}
