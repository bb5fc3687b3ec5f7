package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sync}: follows {@code GET /v1/sync/changes} from the cursor kept in the device's folder
 * until there is nothing more, saving the cursor after every page.
 */
@Command(name = "sync", description = "Fetch the changes since this device's last sync and print what arrived.")
public final class SyncCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Option(names = "--limit", defaultValue = "100", description = "changes per request (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(
            names = "--download",
            paramLabel = "DIR",
            description = "also download each added photo into DIR (recorded as a download by this device)")
    Path downloadDir;

    @Option(names = "--from-start", description = "ignore the saved cursor and start from the beginning")
    boolean fromStart;

    @Override
    protected int execute() throws IOException {
        if (limit < 1) {
            throw new CliFailure("--limit must be at least 1");
        }
        DeviceClient client = DeviceClient.open(options);
        DeviceHome home = client.home();
        String cursor = fromStart ? null : home.syncCursor().orElse(null);
        int added = 0;
        int deleted = 0;
        while (true) {
            String path = "/v1/sync/changes?limit=" + limit
                    + (cursor == null ? "" : "&since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = client.call(Service.SYNC, "GET", path, null);
            JsonNode changes = page.path("changes");
            for (JsonNode change : changes) {
                boolean isAdded = "added".equals(change.path("op").asText());
                if (isAdded) {
                    added++;
                } else {
                    deleted++;
                }
                printChange(change);
                if (isAdded && downloadDir != null) {
                    download(client, change.path("photoId").asText());
                }
            }
            String next = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            if (next != null) {
                home.saveSyncCursor(next);
            }
            boolean more = page.has("hasMore") ? page.get("hasMore").asBoolean() : !changes.isEmpty();
            if (!more || next == null || next.equals(cursor)) {
                break;
            }
            cursor = next;
        }
        out().printf("Sync done on device '%s': %d added, %d deleted.%n", home.name(), added, deleted);
        return 0;
    }

    private void printChange(JsonNode change) {
        String op = change.path("op").asText("?");
        JsonNode uploader = change.path("uploadedBy");
        StringBuilder line = new StringBuilder()
                .append("added".equals(op) ? "+ " : "- ")
                .append(op)
                .append(" photo ")
                .append(change.path("photoId").asText("?"))
                .append(" (seq ")
                .append(change.path("seq").asText("?"))
                .append(')');
        if (uploader.isObject()) {
            line.append("\n    uploaded by device ")
                    .append(uploader.path("deviceId").asText("?"));
            if (uploader.hasNonNull("deviceName")) {
                line.append(" \"").append(uploader.get("deviceName").asText()).append('"');
            }
            if (uploader.hasNonNull("sessionId")) {
                line.append(", session ").append(uploader.get("sessionId").asText());
            }
        }
        if (change.hasNonNull("sha256")) {
            line.append("\n    sha256 ").append(change.get("sha256").asText());
        }
        out().println(line);
    }

    private void download(DeviceClient client, String photoId) throws IOException {
        HttpResponse<byte[]> content =
                client.callRaw(Service.SYNC, "GET", "/v1/photos/" + Service.segment(photoId) + "/content", null);
        String type = content.headers().firstValue("Content-Type").orElse("");
        String extension = type.startsWith("image/jpeg") ? ".jpg" : type.startsWith("image/png") ? ".png" : "";
        Path target = downloadDir.resolve(photoId + extension);
        Files.createDirectories(downloadDir);
        Files.write(target, content.body());
        out().printf("    downloaded to %s (%d bytes)%n", target, content.body().length);
    }
}
