package io.photosync.sync.service;

import io.photosync.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** The opaque sync cursor: base64url of {@code c1:<last change seq>}; clients only echo it back. */
public final class ChangeCursor {
    private static final String PREFIX = "c1:";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final int MAX_LENGTH = 64;

    private ChangeCursor() {}

    public static String encode(long seq) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The change seq the cursor stands for; no cursor means the beginning of the feed. */
    public static long decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            if (cursor.length() <= MAX_LENGTH) {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
                if (text.startsWith(PREFIX)
                        && DIGITS.matcher(text.substring(PREFIX.length())).matches()) {
                    return Long.parseLong(text.substring(PREFIX.length()));
                }
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw ProblemException.badRequest("since is not a cursor this service handed out");
    }
}
