package io.photosync.account.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class LocationMathTest {

    @Test
    void privateAndLocalAddressesHaveNoPublicLocation() throws Exception {
        for (String ip : new String[] {
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "127.0.0.1",
            "169.254.1.1",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "fc00::2"
        }) {
            assertTrue(IpLocator.isPrivate(InetAddress.getByName(ip)), ip);
        }
        for (String ip :
                new String[] {"8.8.8.8", "192.0.2.10", "203.0.113.9", "100.128.0.1", "2001:db8::1", "2a00:1450::1"}) {
            assertFalse(IpLocator.isPrivate(InetAddress.getByName(ip)), ip);
        }
    }

    @Test
    void greatCircleDistancesMatchPublishedValues() {
        Alerts.Point beijing = new Alerts.Point(39.9042, 116.4074, "test", "Beijing");
        Alerts.Point shanghai = new Alerts.Point(31.2304, 121.4737, "test", "Shanghai");
        Alerts.Point hangzhou = new Alerts.Point(30.2741, 120.1551, "test", "Hangzhou");
        Alerts.Point london = new Alerts.Point(51.5072, -0.1276, "test", "London");
        assertEquals(1067, Alerts.distanceKm(beijing, shanghai), 10);
        assertEquals(165, Alerts.distanceKm(shanghai, hangzhou), 5);
        assertEquals(8140, Alerts.distanceKm(beijing, london), 30);
        assertEquals(0, Alerts.distanceKm(london, london), 1e-9);
    }
}
