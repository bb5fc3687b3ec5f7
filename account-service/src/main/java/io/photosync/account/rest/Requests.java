package io.photosync.account.rest;

import io.photosync.account.service.SignIn;
import io.photosync.common.problem.PrintableText;
import io.photosync.common.problem.ProblemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Request bodies, each checking itself: a missing or out-of-range field is a 400 that names it. */
public final class Requests {
    private static final int MAX_TEXT = 100;
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern STAFF_ID = Pattern.compile("[A-Za-z0-9-]{1,32}");
    /** An RFC 7638 thumbprint: base64url of SHA-256. */
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Requests() {}

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
            return new SignIn.DeviceInfo(
                    optional("device.name", name),
                    optional("device.model", model),
                    optional("device.os", os),
                    optional("device.appVersion", appVersion));
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

    /** The account's password again, so that a phone session alone cannot erase the account. */
    public record Erase(String password) {
        void validate() {
            required("password", password);
        }
    }

    public record Refresh(String refreshToken) {
        void validate() {
            required("refreshToken", refreshToken);
        }
    }

    /**
     * A support call from audit-service (docs/SUPPORT.md): the case, grant and agent it is made under and, for a
     * sign-out, exactly one of the session or device to end. audit-service has checked the grant; the expiry it
     * sends is checked again here, so that a grant that ran out meanwhile does nothing.
     */
    public record SupportCall(
            String caseId, String grantId, String grantExpiresAt, String staffId, String sessionId, String deviceId) {
        /** The form of every field (400), then the grant's expiry (403 {@code grant-expired}). */
        void validate(boolean signOut, Instant now) {
            uuid("caseId", caseId);
            uuid("grantId", grantId);
            if (staffId == null || !STAFF_ID.matcher(staffId).matches()) {
                throw ProblemException.badRequest("staffId must be 1 to 32 of A-Z a-z 0-9 -");
            }
            Instant expiresAt = rfc3339("grantExpiresAt", grantExpiresAt);
            if (signOut) {
                if ((sessionId == null) == (deviceId == null)) {
                    throw ProblemException.badRequest("a sign-out names exactly one of sessionId and deviceId");
                }
                if (sessionId != null) {
                    uuid("sessionId", sessionId);
                } else if (!DEVICE_ID.matcher(deviceId).matches()) {
                    throw ProblemException.badRequest(
                            "deviceId must be a device key thumbprint (43 base64url characters)");
                }
            } else if (sessionId != null || deviceId != null) {
                throw ProblemException.badRequest("an overview names no sessionId or deviceId");
            }
            if (!expiresAt.isAfter(now)) {
                throw new ProblemException(
                        403, "grant-expired", "Grant expired", "the grant expired at " + grantExpiresAt);
            }
        }

        UUID caseUuid() {
            return UUID.fromString(caseId);
        }

        UUID sessionUuid() {
            return UUID.fromString(sessionId);
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

    /** The 8-4-4-4-12 form only: UUID.fromString would also take shortened ones such as 1-2-3-4-5. */
    private static void uuid(String field, String value) {
        if (value == null || !UUID_TEXT.matcher(value).matches()) {
            throw ProblemException.badRequest(field + " must be a UUID");
        }
    }

    private static Instant rfc3339(String field, String value) {
        try {
            return OffsetDateTime.parse(value == null ? "" : value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(
                    field + " must be an RFC 3339 time with an offset, such as 2026-11-21T10:15:30Z");
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
