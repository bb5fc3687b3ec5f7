package io.photosync.account.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import io.photosync.account.Api;
import io.photosync.account.FastKeyRotationProfile;
import io.photosync.account.Rows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The scheduler rotates by itself: the next key is published before it signs, the previous stays published after. */
@QuarkusTest
@TestProfile(FastKeyRotationProfile.class)
class ScheduledKeyRotationTest {
    @Inject
    SigningKeys keys;

    @Inject
    Rows rows;

    @Test
    void theNextKeyIsPublishedBeforeItSignsAndThePreviousStaysAfter() throws Exception {
        String[] observed = new String[2]; // {signing key, published upcoming key}
        assertTrue(
                waitFor(() -> {
                    String signing = keys.signingKey().getKeyID();
                    String upcoming = rows.string(
                            "select kid from signing_key where activates_at > now() order by created_at desc limit 1");
                    observed[0] = signing;
                    observed[1] = upcoming;
                    return upcoming != null && kids().contains(upcoming) && !upcoming.equals(signing);
                }),
                "an upcoming key is published while another one signs");
        String previous = observed[0];
        String upcoming = observed[1];

        assertTrue(
                waitFor(() -> keys.signingKey().getKeyID().equals(upcoming)),
                "the upcoming key signs once its time has come");
        assertTrue(kids().contains(previous), "the key it replaced stays published");
        Api.Signed signed = Api.newAccountSignedIn();
        assertTrue(
                !SignedJWT.parse(signed.accessToken()).getHeader().getKeyID().equals(previous),
                "new tokens use the new key");
    }

    private List<String> kids() {
        return keys.published().getKeys().stream().map(JWK::getKeyID).toList();
    }

    private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 40_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
