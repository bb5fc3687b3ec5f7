package io.photosync.account.service;

import io.photosync.account.config.AccountConfig;
import io.photosync.account.model.Alert;
import io.photosync.account.model.DeviceSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Security alerts. Evaluated inside the transaction that records the sign-in, so the alert, its
 * ALERT_RAISED event and the fact behind it commit together.
 * <ul>
 *   <li>NEW_DEVICE_SIGN_IN: a device key this account never signed in with, unless it is the account's first device
 *       (the device the owner set the account up with has nothing to be compared with).</li>
 *   <li>NEW_LOCATION: an IP city/country none of the account's earlier sessions came from (not on the first
 * sign-in).</li>
 *   <li>CONCURRENT_SESSIONS_FAR_APART: another active session farther away than {@code account.alerts.far-apart-km},
 *       comparing IP locations, or the self-reported location where the IP location is unknown.</li>
 *   <li>REFRESH_TOKEN_REUSE: a spent refresh token presented again.</li>
 *   <li>REFRESH_TOKEN_WRONG_KEY: a refresh token presented with another device key than its session's (it was
 *       copied off the device); the session stays signed in, as its own key is still only on the device.</li>
 * </ul>
 */
@ApplicationScoped
public class Alerts {
    private static final double EARTH_RADIUS_KM = 6371.0088;

    @Inject
    AccountConfig config;

    @Inject
    AccountEvents events;

    @Transactional(Transactional.TxType.MANDATORY)
    public void onSignIn(DeviceSession session, boolean deviceFirstSeen, boolean accountHadOtherDevices) {
        if (deviceFirstSeen && accountHadOtherDevices) {
            raise(
                    Alert.NEW_DEVICE_SIGN_IN,
                    session,
                    null,
                    "New device signed in: " + describeDevice(session),
                    PresentValues.of(
                            "deviceName",
                            session.deviceName,
                            "deviceModel",
                            session.deviceModel,
                            "deviceOs",
                            session.deviceOs,
                            "selfReported",
                            true,
                            "location",
                            locationView(session)));
        }
        if (session.ipCountry != null) {
            boolean earlierSessions =
                    DeviceSession.count("accountId = ?1 and id <> ?2", session.accountId, session.id) > 0;
            boolean seenBefore = DeviceSession.count(
                            "accountId = ?1 and id <> ?2 and ipCountry = ?3 and coalesce(ipCity, '') = ?4",
                            session.accountId,
                            session.id,
                            session.ipCountry,
                            Objects.requireNonNullElse(session.ipCity, ""))
                    > 0;
            if (earlierSessions && !seenBefore) {
                raise(
                        Alert.NEW_LOCATION,
                        session,
                        null,
                        "Sign-in from a new location: " + describePlace(session),
                        PresentValues.of(
                                "city",
                                session.ipCity,
                                "region",
                                session.ipRegion,
                                "country",
                                session.ipCountry,
                                "source",
                                session.ipSource));
            }
        }
        Point here = position(session);
        if (here == null) {
            return;
        }
        for (DeviceSession other : DeviceSession.listActive(session.accountId, session.createdAt)) {
            Point there = position(other);
            if (other.id.equals(session.id) || there == null) {
                continue;
            }
            double km = distanceKm(here, there);
            if (km > config.alerts().farApartKm()) {
                raise(
                        Alert.CONCURRENT_SESSIONS_FAR_APART,
                        session,
                        other.id,
                        String.format(
                                "Signed in %.0f km away from another active session (%s)", km, describePlace(other)),
                        PresentValues.of(
                                "distanceKm",
                                Math.round(km),
                                "thresholdKm",
                                config.alerts().farApartKm(),
                                "location",
                                here.view(),
                                "otherLocation",
                                there.view(),
                                "otherDeviceId",
                                other.deviceId));
            }
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onRefreshTokenReuse(DeviceSession session, String ip, Instant at) {
        raise(
                Alert.REFRESH_TOKEN_REUSE,
                session,
                null,
                "A refresh token that had already been used was presented again; the session was signed out",
                PresentValues.of("ip", ip, "at", at.toString()));
    }

    /** Whether this session already had a REFRESH_TOKEN_WRONG_KEY alert since {@code since}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean wrongKeyAlertedSince(DeviceSession session, Instant since) {
        return Alert.count(
                        "sessionId = ?1 and type = ?2 and createdAt > ?3",
                        session.id,
                        Alert.REFRESH_TOKEN_WRONG_KEY,
                        since)
                > 0;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onRefreshTokenWrongKey(DeviceSession session, String presentedDeviceId, String ip, Instant at) {
        raise(
                Alert.REFRESH_TOKEN_WRONG_KEY,
                session,
                null,
                "A refresh token of this session was presented with another device key and refused; the session stays"
                        + " signed in",
                PresentValues.of("ip", ip, "at", at.toString(), "presentedDeviceId", presentedDeviceId));
    }

    private void raise(
            String type, DeviceSession session, UUID relatedSessionId, String detail, Map<String, Object> details) {
        Alert alert = new Alert();
        alert.id = UUID.randomUUID();
        alert.accountId = session.accountId;
        alert.type = type;
        alert.createdAt = Instant.now();
        alert.sessionId = session.id;
        alert.deviceId = session.deviceId;
        alert.relatedSessionId = relatedSessionId;
        details.put("summary", detail);
        alert.details = details;
        alert.persist();
        events.alertRaised(
                alert.id,
                type,
                session.accountId,
                session.deviceId,
                session.id,
                relatedSessionId,
                detail,
                alert.createdAt);
    }

    /** A session's position: its IP location, or the device-reported one when the IP has none. */
    record Point(double lat, double lon, String source, String place) {
        Map<String, Object> view() {
            return PresentValues.of("lat", lat, "lon", lon, "source", source, "place", place);
        }
    }

    static Point position(DeviceSession s) {
        if (s.ipLat != null && s.ipLon != null) {
            return new Point(s.ipLat, s.ipLon, s.ipSource, describePlace(s));
        }
        if (s.reportedLat != null && s.reportedLon != null) {
            return new Point(s.reportedLat, s.reportedLon, "self-reported", null);
        }
        return null;
    }

    /** Great-circle distance (haversine). */
    static double distanceKm(Point a, Point b) {
        double dLat = Math.toRadians(b.lat - a.lat);
        double dLon = Math.toRadians(b.lon - a.lon);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a.lat)) * Math.cos(Math.toRadians(b.lat)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    private static Map<String, Object> locationView(DeviceSession s) {
        Point p = position(s);
        return p == null ? null : p.view();
    }

    private static String describeDevice(DeviceSession s) {
        String name = s.deviceName != null ? s.deviceName : "unnamed device";
        return s.deviceModel != null ? name + " (" + s.deviceModel + ", self-reported)" : name + " (self-reported)";
    }

    static String describePlace(DeviceSession s) {
        if (s.ipCountry == null) {
            return s.reportedLat != null ? "self-reported location" : "unknown location";
        }
        return s.ipCity != null ? s.ipCity + ", " + s.ipCountry : s.ipCountry;
    }
}
