package io.photosync.audit.http;

import io.photosync.common.problem.ProblemException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Values read from paths, queries and bodies by every resource of audit-service, checked one way: a malformed id in
 * a path is answered as the thing not existing (404), anything else malformed is a 400.
 */
public final class RequestValues {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A device id is an RFC 7638 SHA-256 thumbprint: 43 base64url characters. */
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]{0,18}");

    private RequestValues() {}

    /** A path id: malformed is 404 with {@code notFound}, the answer for one that does not exist. */
    public static UUID idInPath(String text, String notFound) {
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw ProblemException.notFound(notFound);
        }
        return UUID.fromString(text);
    }

    /** A body field: malformed is 400; absent is null unless required. */
    public static UUID idInBody(String field, String text, boolean required) {
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

    public static String deviceId(String field, String text) {
        if (text == null || !DEVICE_ID.matcher(text).matches()) {
            throw ProblemException.badRequest(field + " must be a device id (43 base64url characters)");
        }
        return text;
    }

    /** A non-negative decimal number such as a log index or tree size. */
    public static long number(String name, String value) {
        if (value == null || !NUMBER.matcher(value).matches()) {
            throw ProblemException.badRequest(name + " must be a non-negative decimal number");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " is too large");
        }
    }
}
