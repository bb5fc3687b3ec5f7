package io.photosync.common.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.ECKey;
import io.photosync.testsupport.TestSourceKeys;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A source token is good only at the service it names in {@code aud}: log submissions and support calls do not mix. */
class SourceTokenAudienceTest {
    private static final byte[] BODY = "{\"caseId\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    @Test
    void aTokenForAccountServiceIsAcceptedThereAndRefusedByTheLog() throws Exception {
        SourceTokenSigner signer = new SourceTokenSigner(
                TestSourceKeys.AUDIT_SERVICE, TestSourceKeys.AUDIT_SERVICE_PRIVATE_JWK, "account-service");

        assertEquals(
                TestSourceKeys.AUDIT_SERVICE, verifier("account-service").verify(signer.authorization(BODY), BODY));
        SourceAuthException refused =
                assertThrows(SourceAuthException.class, () -> logVerifier().verify(signer.authorization(BODY), BODY));
        assertEquals("aud must be " + SourceToken.AUDIENCE, refused.getMessage());
    }

    @Test
    void aLogSubmissionTokenIsRefusedByAnotherAudience() throws Exception {
        SourceTokenSigner logSigner =
                new SourceTokenSigner(TestSourceKeys.AUDIT_SERVICE, TestSourceKeys.AUDIT_SERVICE_PRIVATE_JWK);
        String authorization = logSigner.authorization(BODY);

        SourceAuthException refused = assertThrows(
                SourceAuthException.class, () -> verifier("account-service").verify(authorization, BODY));
        assertEquals("aud must be account-service", refused.getMessage());
        assertEquals(
                TestSourceKeys.AUDIT_SERVICE,
                logVerifier().verify(authorization, BODY),
                "the refusal did not use up the jti");
    }

    private SourceTokenVerifier verifier(String audience) throws ParseException {
        return new SourceTokenVerifier(
                audience, keys(), (key, forgetAfter) -> seen.add(key), Duration.ofSeconds(30), Clock.systemUTC());
    }

    private SourceTokenVerifier logVerifier() throws ParseException {
        return new SourceTokenVerifier(
                keys(), (key, forgetAfter) -> seen.add(key), Duration.ofSeconds(30), Clock.systemUTC());
    }

    private static Map<String, String> keys() throws ParseException {
        return Map.of(
                TestSourceKeys.AUDIT_SERVICE,
                ECKey.parse(TestSourceKeys.AUDIT_SERVICE_PRIVATE_JWK)
                        .toPublicJWK()
                        .toJSONString());
    }
}
