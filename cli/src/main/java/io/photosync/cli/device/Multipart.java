package io.photosync.cli.device;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A {@code multipart/form-data} body (RFC 7578) with one file part. */
final class Multipart {
    private Multipart() {}

    static DpopHttpClient.Body filePart(String fieldName, String fileName, String mediaType, byte[] content) {
        String boundary = "photosync-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 512);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + fieldName + "\"; filename=\"" + quoted(fileName)
                + "\"\r\n"
                + "Content-Type: " + mediaType + "\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new DpopHttpClient.Body(body.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }

    /** RFC 7578 section 4.2: a file name is a quoted-string; quotes and line breaks are percent-encoded. */
    private static String quoted(String fileName) {
        return fileName.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
