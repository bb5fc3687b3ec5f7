package io.photosync.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The contract types keep the wire names of docs/EVENTS.md, and the builder puts each value where its field says. */
class EventFactsTest {
    @Test
    void eachValueGoesToDataOrPersonalByItsFieldAndAbsentValuesAreLeftOut() {
        EventFacts facts = EventType.SIGN_IN_FAILED
                .facts()
                .put(EventField.REASON, "bad_password")
                .put(EventField.IP, "192.0.2.1")
                .put(EventField.LOGIN, null);
        assertEquals(Map.of("reason", "bad_password"), facts.data());
        assertEquals(Map.of("ip", "192.0.2.1"), facts.personal());
    }

    @Test
    void aFieldTheTypeDoesNotHaveIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> EventType.PHOTO_DELETED.facts().put(EventField.LOGIN, "x"));
    }

    @Test
    void thePersonalFieldNamesAreThoseOfTheContract() {
        assertEquals(
                Set.of(
                        "login",
                        "displayName",
                        "ip",
                        "ipCity",
                        "ipRegion",
                        "ipCountry",
                        "ipLat",
                        "ipLon",
                        "ipSource",
                        "reportedLat",
                        "reportedLon",
                        "reportedAccuracyMeters",
                        "deviceName",
                        "deviceModel",
                        "deviceOs",
                        "appVersion",
                        "userAgent",
                        "detail",
                        "captureLat",
                        "captureLon",
                        "text"),
                EventType.PERSONAL_KEYS);
    }

    @Test
    void aTypeIsKnownByItsNameOnly() {
        assertEquals(
                EventSource.SYNC_SERVICE,
                EventType.named("PHOTO_UPLOADED").orElseThrow().source());
        assertEquals(
                "account-service",
                EventType.named("ACCOUNT_ERASED").orElseThrow().source().id());
        assertEquals(Optional.empty(), EventType.named("photo_uploaded"));
    }
}
