package io.photosync.account.rest;

import io.photosync.account.service.SignIn;
import io.photosync.common.problem.PrintableText;
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
            PrintableText.require("login", login);
            PrintableText.require("displayName", displayName);
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
        PrintableText.require(field, value);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
