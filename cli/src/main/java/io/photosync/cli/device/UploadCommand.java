package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLConnection;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code upload FILE…}: {@code POST /v1/photos}, one file per request. */
@Command(name = "upload", description = "Upload photos from this device.")
public final class UploadCommand extends DeviceCommandBase {
    @Mixin
    ClientOptions options;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "image files")
    List<Path> files;

    @Option(
            names = {"-q", "--quiet"},
            description = "print only the photo ids, one a line")
    boolean quiet;

    @Option(names = "--json", description = "print each of the service's answers as one line of JSON")
    boolean json;

    @Override
    protected int execute() throws IOException {
        DeviceClient client = DeviceClient.open(options);
        for (Path file : files) {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new CliFailure("no such file: " + file);
            }
            String fileName = file.getFileName().toString();
            HttpResponse<byte[]> response = client.callRaw(
                    Service.SYNC,
                    "POST",
                    "/v1/photos",
                    Multipart.filePart("file", fileName, mediaType(fileName), content));
            JsonNode photo = DeviceClient.expectJson(Service.SYNC, response);
            if (quiet) {
                out().println(photo.path("photoId").asText());
            } else if (json) {
                out().println(photo);
            } else {
                print(file, response.statusCode(), photo);
            }
        }
        return 0;
    }

    private void print(Path file, int status, JsonNode photo) {
        out().printf(
                        "%s -> photo %s (%s)%n",
                        file,
                        photo.path("photoId").asText("?"),
                        status == 201 ? "new" : "already on this account; this upload is recorded too");
        out().printf(
                        "    sha256 %s, %s bytes, uploaded %s%n",
                        photo.path("sha256").asText("?"),
                        photo.path("bytes").asText("?"),
                        photo.path("uploadedAt").asText("?"));
        JsonNode capture = photo.path("capture");
        if (!capture.isMissingNode() && !capture.isNull()) {
            out().printf("    camera (EXIF): %s%n", Text.capture(capture, ZoneOffset.UTC));
        }
        JsonNode log = photo.path("log");
        if (!log.isMissingNode() && !log.isNull()) {
            out().printf(
                            "    transparency log: %s%s%n",
                            log.path("status").asText("?"),
                            log.hasNonNull("index")
                                    ? ", entry #" + log.get("index").asText()
                                    : "");
        }
    }

    private static String mediaType(String fileName) {
        String guessed = URLConnection.guessContentTypeFromName(fileName);
        return guessed == null ? "application/octet-stream" : guessed;
    }
}
