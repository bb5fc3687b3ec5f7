package io.photosync.account;

import io.photosync.testsupport.TestGeoIp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points {@code account.geoip.database} at test-support's {@link TestGeoIp} database. */
@QuarkusTestResource(GeoIpTestDatabase.class)
public class GeoIpTestDatabase implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("account.geoip.database", TestGeoIp.database().toString());
    }

    @Override
    public void stop() {}
}
