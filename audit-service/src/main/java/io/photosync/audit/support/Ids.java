package io.photosync.audit.support;

import io.photosync.common.problem.ProblemException;

import java.util.UUID;
import java.util.regex.Pattern;

/** Ids in paths and bodies of the support API: malformed ones are answered as the thing not existing. */
public final class Ids {
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A device id is an RFC 7638 SHA-256 thumbprint: 43 base64url characters. */
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Ids() {
    }

    /** A path id: malformed is 404, as one that does not exist. */
    public static UUID inPath(String what, String text) {
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw ProblemException.notFound("no " + what + " " + text);
        }
        return UUID.fromString(text);
    }

    /** A body field: malformed is 400; absent is null unless required. */
    public static UUID inBody(String field, String text, boolean required) {
        if (text == null || text.isEmpty()) {
            if (required) {
                throw ProblemException.badRequest(field + " is required");
            }
            return null;
        }
        if (!UUID_TEXT.matcher(text).matches()) {
            throw ProblemException.badRequest(field + " must be a UUID");
        }
        return UUID.fromString(text);
    }

    public static String deviceInBody(String text) {
        if (text == null || !DEVICE_ID.matcher(text).matches()) {
            throw ProblemException.badRequest("deviceId must be a device id (43 base64url characters)");
        }
        return text;
    }
}
