package io.photosync.account.service;

import io.photosync.common.problem.ProblemException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for logins and passwords.
 * <ul>
 *   <li>A login is trimmed and lower-cased; 3 to 64 characters of {@code a-z 0-9 . _ @ + -}.</li>
 *   <li>A password is weak (400) when it has fewer than 10 characters, fewer than 4 different
 *       characters, or contains the login. At most 1024 characters.</li>
 * </ul>
 */
public final class Credentials {
    public static final int MIN_PASSWORD_LENGTH = 10;
    public static final int MAX_PASSWORD_LENGTH = 1024;
    private static final Pattern LOGIN = Pattern.compile("[a-z0-9._@+-]{3,64}");

    private Credentials() {}

    public static String normalizeLogin(String login) {
        return login.strip().toLowerCase(Locale.ROOT);
    }

    public static void checkNewLogin(String normalizedLogin) {
        if (!LOGIN.matcher(normalizedLogin).matches()) {
            throw ProblemException.badRequest("login must be 3 to 64 characters of a-z, 0-9, '.', '_', '@', '+', '-'");
        }
    }

    public static void checkNewPassword(String password, String normalizedLogin) {
        int length = password.codePointCount(0, password.length());
        if (length > MAX_PASSWORD_LENGTH) {
            throw ProblemException.badRequest("password is longer than " + MAX_PASSWORD_LENGTH + " characters");
        }
        String weakness = null;
        if (length < MIN_PASSWORD_LENGTH) {
            weakness = "password must have at least " + MIN_PASSWORD_LENGTH + " characters";
        } else if (password.codePoints().distinct().count() < 4) {
            weakness = "password must have at least 4 different characters";
        } else if (password.toLowerCase(Locale.ROOT).contains(normalizedLogin)) {
            weakness = "password must not contain the login";
        }
        if (weakness != null) {
            throw new ProblemException(400, "weak-password", "Weak password", weakness);
        }
    }
}
