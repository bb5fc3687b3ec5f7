package io.photosync.account.service;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.AddressNotFoundException;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import io.photosync.account.config.AccountConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/** IP location through a MaxMind GeoIP2/GeoLite2 City database ({@code account.geoip.database}). */
@ApplicationScoped
public class IpLocator {
    private static final Logger LOG = Logger.getLogger(IpLocator.class);

    @Inject
    AccountConfig config;

    private DatabaseReader reader;
    private String source;
    private String missingReason;

    @PostConstruct
    void open() {
        if (config.geoip().database().isEmpty()) {
            missingReason = "no IP location database configured";
            return;
        }
        File file = new File(config.geoip().database().get());
        try {
            reader = new DatabaseReader.Builder(file).build();
            var metadata = reader.getMetadata();
            source = metadata.getDatabaseType() + " "
                    + metadata.getBuildDate().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
            LOG.infof("IP locations from %s (%s)", file, source);
        } catch (IOException e) {
            missingReason = "IP location database cannot be read";
            LOG.errorf("cannot open IP location database %s: %s", file, e.getMessage());
        }
    }

    @PreDestroy
    void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }

    public IpLocation locate(String ip) {
        InetAddress address;
        try {
            if (ip == null || !ip.matches("[0-9A-Fa-f:.%]+")) {
                return IpLocation.none("not an IP address");
            }
            address = InetAddress.getByName(ip); // a literal: no name lookup
        } catch (UnknownHostException e) {
            return IpLocation.none("not an IP address");
        }
        if (isPrivate(address)) {
            return IpLocation.none("private address");
        }
        if (reader == null) {
            return IpLocation.none(missingReason);
        }
        try {
            CityResponse answer = reader.city(address);
            if (answer.getLocation() == null || answer.getLocation().getLatitude() == null) {
                return IpLocation.none("address has no location in " + source);
            }
            return new IpLocation(
                    answer.getCity().getName(),
                    answer.getMostSpecificSubdivision().getName(),
                    answer.getCountry().getIsoCode(),
                    answer.getLocation().getLatitude(),
                    answer.getLocation().getLongitude(),
                    source,
                    null);
        } catch (AddressNotFoundException e) {
            return IpLocation.none("address not in " + source);
        } catch (IOException | GeoIp2Exception e) {
            return IpLocation.none("IP location lookup failed");
        }
    }

    /** Loopback, private, link-local, unique-local and carrier-grade NAT addresses have no public location. */
    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64.0.0/10
        }
        return address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc; // fc00::/7
    }
}
