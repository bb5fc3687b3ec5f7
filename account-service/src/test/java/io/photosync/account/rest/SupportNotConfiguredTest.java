package io.photosync.account.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.photosync.account.Api;
import io.photosync.account.Rows;
import io.photosync.account.SupportApi;
import io.photosync.account.SupportNotConfiguredProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Without account.support.audit-public-key the support API is shut: 503, whoever signed the call. */
@QuarkusTest
@TestProfile(SupportNotConfiguredProfile.class)
class SupportNotConfiguredTest {
    @Inject
    Rows rows;

    @Test
    void everySupportCallIs503AndDoesNothing() {
        Api.Signed phone = Api.newAccountSignedIn();
        String account = rows.accountIdOf(phone.sessionId());
        String before = rows.writeFingerprint();

        SupportApi.signOut(account, SupportApi.with(SupportApi.call(UUID.randomUUID()), "sessionId", phone.sessionId()))
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:photosync:problem:support-not-configured"));
        SupportApi.overview(account, SupportApi.call(UUID.randomUUID())).then().statusCode(503);

        assertEquals(before, rows.writeFingerprint());
        phone.get("/v1/me/sessions").then().statusCode(200);
    }
}
