package io.photosync.sync.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.photosync.testsupport.AccountServiceResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health (including the revocation feed), Prometheus metrics and the OpenAPI document need no device token. */
@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OperationsTest {

    @Test
    void readyOnlyWithDatabaseAndRevocationFeed() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("revocation-feed"));
    }

    @Test
    void prometheusMetrics() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDescribesTheContract() {
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/v1/photos/{photoId}/content"))
                .body(containsString("/v1/sync/changes"));
    }
}
