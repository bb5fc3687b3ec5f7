package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code entry INDEX}: one log entry of this device's account, as its owner may read it
 * ({@code GET /v1/me/log/entries/{index}}): leaves are not public (docs/PRIVACY.md).
 */
@Command(
        name = "entry",
        description = "One log entry of your account: its leaf and the disclosures of its personal values.")
public final class EntryCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Parameters(paramLabel = "INDEX", description = "the entry's log index")
    long index;

    @Option(names = "--leaf", paramLabel = "FILE", description = "save the canonical leaf bytes, for 'verify --entry'")
    Path leafFile;

    @Override
    protected int execute() throws IOException {
        if (index < 0) {
            throw new CliFailure("INDEX is a log index, 0 or more");
        }
        DeviceClient client = DeviceClient.open(options);
        JsonNode entry = client.call(Service.AUDIT, "GET", "/v1/me/log/entries/" + index, null);
        byte[] leaf = Base64.getDecoder().decode(entry.path("leaf").asText());
        if (leafFile != null) {
            Files.write(leafFile, leaf);
        }
        out().println(Text.printable(new String(leaf, StandardCharsets.UTF_8)));
        for (JsonNode d : entry.path("disclosures")) {
            out().println("  " + d.path("field").asText() + " = "
                    + Text.printable(d.path("value").toString()));
        }
        out().flush();
        return 0;
    }
}
