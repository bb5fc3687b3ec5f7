package io.photosync.audit.provenance;

import java.util.Optional;
import java.util.StringJoiner;

/** Where a sign-in came from, as the IP location database answered at sign-in time. */
final class Places {
    private static final double EARTH_RADIUS_KM = 6371.0088;

    private Places() {
    }

    static String describe(LoggedEvent signIn) {
        StringJoiner place = new StringJoiner(", ");
        signIn.text("ipCity").ifPresent(place::add);
        signIn.text("ipRegion").filter(r -> !signIn.text("ipCity").map(r::equals).orElse(false)).ifPresent(place::add);
        signIn.text("ipCountry").ifPresent(place::add);
        return place.length() == 0 ? "an unknown place" : place.toString();
    }

    static Optional<double[]> coordinates(LoggedEvent signIn) {
        Optional<Double> lat = signIn.number("ipLat");
        Optional<Double> lon = signIn.number("ipLon");
        return lat.isPresent() && lon.isPresent() ? Optional.of(new double[]{lat.get(), lon.get()}) : Optional.empty();
    }

    /** Great-circle distance (haversine). */
    static double distanceKm(double[] a, double[] b) {
        double dLat = Math.toRadians(b[0] - a[0]);
        double dLon = Math.toRadians(b[1] - a[1]);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a[0])) * Math.cos(Math.toRadians(b[0])) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
