package io.photosync.account.service;

/**
 * Where an IP address is, as the configured database answers; or, with {@code source = "none"},
 * why there is no location ({@code reason}).
 */
public record IpLocation(
        String city, String region, String country, Double lat, Double lon, String source, String reason) {
    public static final String NO_SOURCE = "none";

    public static IpLocation none(String reason) {
        return new IpLocation(null, null, null, null, null, NO_SOURCE, reason);
    }
}
