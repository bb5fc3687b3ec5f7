package io.photosync.it;

import static io.photosync.testsupport.RawHttp.assertCleanProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.photosync.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, started as it is deployed (common's ServiceMain, not the tests' surefire property), answers a
 * request target {@link java.net.URI} refuses with a problem body, not Quarkus's empty 400.
 */
class PackagedRequestTargetTest {

    @Test
    void thePackagedServiceAnswersMalformedRequestTargetsWithAProblem() throws Exception {
        try (AuditServiceProcess audit = new AuditServiceProcess("target_it_audit", "account-service")) {
            audit.start();
            int port = audit.baseUri().getPort();
            for (String ending : RawHttp.MALFORMED_TARGET_ENDINGS) {
                assertCleanProblem(RawHttp.send(port, "GET", "/v1/log/checkpoint" + ending), 400, ending);
                assertCleanProblem(
                        RawHttp.send(port, "GET", "/v1/me/access-log" + ending, "Authorization: DPoP x"), 400, ending);
            }
            assertEquals(200, RawHttp.send(port, "GET", "/q/health/ready").status());
        }
    }
}
