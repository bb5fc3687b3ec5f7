package io.photosync.account.rest;

import io.photosync.account.service.SignIn;
import io.photosync.common.problem.ProblemException;

/** Request bodies, each checking itself: a missing or out-of-range field is a 400 that names it. */
public final class Requests {
    private static final int MAX_TEXT = 100;

    private Requests() {
    }

    public record CreateAccount(String login, String password, String displayName) {
        void validate() {
            required("login", login);
            required("password", password);
            required("displayName", displayName);
            printable("login", login);
            printable("displayName", displayName);
        }
    }

    public record Device(String name, String model, String os, String appVersion) {
        SignIn.DeviceInfo toInfo() {
            return new SignIn.DeviceInfo(optional("device.name", name), optional("device.model", model),
                    optional("device.os", os), optional("device.appVersion", appVersion));
        }
    }

    public record Location(Double lat, Double lon, Double accuracyMeters) {
        SignIn.ReportedLocation toReported() {
            if (lat == null || lon == null || !(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
                throw ProblemException.badRequest("location needs lat in [-90, 90] and lon in [-180, 180]");
            }
            if (accuracyMeters != null && !(accuracyMeters >= 0 && accuracyMeters < 1e7)) {
                throw ProblemException.badRequest("location.accuracyMeters must be a non-negative number of meters");
            }
            return new SignIn.ReportedLocation(lat, lon, accuracyMeters);
        }
    }

    public record CreateSession(String login, String password, Device device, Location location) {
        void validate() {
            required("login", login);
            required("password", password);
            if (device == null) {
                throw ProblemException.badRequest("device is required: {name, model, os, appVersion}");
            }
            required("device.name", device.name());
        }
    }

    public record Refresh(String refreshToken) {
        void validate() {
            required("refreshToken", refreshToken);
        }
    }

    static void requireBody(Object body) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(field + " is required");
        }
    }

    private static String optional(String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            throw ProblemException.badRequest(field + " is longer than " + MAX_TEXT + " characters");
        }
        printable(field, value);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * Self-reported text is shown to other people (a victim's "why" screen, support): control, format
     * (bidi overrides, zero-width), separator, private-use and unassigned characters could move the cursor or
     * reorder what they read, so they are refused rather than silently changed (issue 10).
     */
    private static void printable(String field, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.PRIVATE_USE
                    || type == Character.UNASSIGNED || type == Character.SURROGATE) {
                throw ProblemException.badRequest(field + " contains the unprintable character U+"
                        + String.format("%04X", cp) + " at position " + i + "; control, format and bidi characters are not allowed");
            }
            i += Character.charCount(cp);
        }
    }
}
