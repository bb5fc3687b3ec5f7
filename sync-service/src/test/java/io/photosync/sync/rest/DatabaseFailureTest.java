package io.photosync.sync.rest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.photosync.sync.Records;
import io.photosync.testsupport.AccountServiceResource;
import io.photosync.testsupport.SignedInDevice;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The service's own database failing is a 503 problem the phone may retry, never a bare 500 or a 4xx. */
@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DatabaseFailureTest {
    @Inject
    Records records;

    @Test
    void aFailingDatabaseIsA503ProblemWithRetryAfterThatNamesNoTable() {
        SignedInDevice phone = SignedInDevice.newAccountAndDevice("phone");
        records.execute("alter table photo_change rename to photo_change_hidden");
        try {
            phone.request("GET", "/v1/sync/changes")
                    .get("/v1/sync/changes")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "1")
                    .body("type", equalTo("urn:photosync:problem:database-unavailable"))
                    .body("detail", not(containsString("photo_change")));
        } finally {
            records.execute("alter table photo_change_hidden rename to photo_change");
        }
        phone.request("GET", "/v1/sync/changes").get("/v1/sync/changes").then().statusCode(200);
    }
}
