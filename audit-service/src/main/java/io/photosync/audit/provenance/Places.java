package io.photosync.audit.provenance;

import static io.photosync.common.event.EventField.*;

import java.util.Optional;
import java.util.StringJoiner;

/**
 * Where a sign-in came from, as the IP location database answered at sign-in time. Reproducible bit for bit by the
 * offline verifier: {@link StrictMath}, not {@link Math}, whose results may differ by an ulp between platforms.
 */
final class Places {
    private static final double EARTH_RADIUS_KM = 6371.0088;

    private Places() {}

    /** "city, region, country" (the region left out when it is the city), or "an unknown place". */
    static String describe(Reads reads, LoggedEvent signIn) {
        StringJoiner place = new StringJoiner(", ");
        Optional<String> city = reads.text(signIn, IP_CITY);
        Optional<String> region = reads.text(signIn, IP_REGION);
        Optional<String> country = reads.text(signIn, IP_COUNTRY);
        city.ifPresent(place::add);
        region.filter(r -> !city.map(r::equals).orElse(false)).ifPresent(place::add);
        country.ifPresent(place::add);
        return place.length() == 0 ? "an unknown place" : place.toString();
    }

    static Optional<double[]> coordinates(Reads reads, LoggedEvent signIn) {
        Optional<Double> lat = reads.number(signIn, IP_LAT);
        Optional<Double> lon = reads.number(signIn, IP_LON);
        return lat.isPresent() && lon.isPresent() ? Optional.of(new double[] {lat.get(), lon.get()}) : Optional.empty();
    }

    /** Great-circle distance (haversine). */
    static double distanceKm(double[] a, double[] b) {
        double dLat = StrictMath.toRadians(b[0] - a[0]);
        double dLon = StrictMath.toRadians(b[1] - a[1]);
        double h = StrictMath.pow(StrictMath.sin(dLat / 2), 2)
                + StrictMath.cos(StrictMath.toRadians(a[0]))
                        * StrictMath.cos(StrictMath.toRadians(b[0]))
                        * StrictMath.pow(StrictMath.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * StrictMath.asin(StrictMath.min(1, StrictMath.sqrt(h)));
    }
}
