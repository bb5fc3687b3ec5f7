package io.photosync.sync.rest;

import static io.photosync.testsupport.SignedInDevice.serviceUrl;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import io.photosync.testsupport.AccountServiceResource;
import io.photosync.testsupport.SignedInDevice;
import io.photosync.testsupport.TestDevice;
import io.photosync.testsupport.TestPhotos;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A live token with a proof that is malformed or uses anything but ES256 with a public P-256 key:
 * always a 401 problem with {@code error="invalid_dpop_proof"}, never a 500. The proofs are put
 * together by hand (header and payload JSON, signature bytes), since a JOSE library would refuse
 * to make most of them.
 */
@QuarkusTest
@WithTestResource(value = AccountServiceResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class MalformedProofTest {
    static final String CHANGES = "/v1/sync/changes";

    SignedInDevice phone;

    @BeforeEach
    void signIn() {
        phone = SignedInDevice.newAccountAndDevice("phone");
    }

    private String publicJwk() {
        return phone.key.key().toPublicJWK().toJSONString();
    }

    private String payload() {
        return TestDevice.claims("GET", serviceUrl(CHANGES), phone.accessToken, null, Instant.now())
                .build()
                .toString();
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** header.payload signed with the phone's key (ES256, P1363 format), whatever the header says. */
    private String es256Signed(String headerJson, String payloadJson) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        try {
            ECKey key = phone.key.key();
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(key.toECPrivateKey());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64URL.encode(signature.sign());
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response call(String proof) {
        return given().header("Authorization", "DPoP " + phone.accessToken)
                .header("DPoP", proof)
                .get(CHANGES);
    }

    private static void assertInvalidProof(Response response) {
        assertInvalidProof(response, "");
    }

    private static void assertInvalidProof(Response response, String detailPart) {
        response.then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("detail", not(emptyOrNullString()))
                .body("detail", containsString(detailPart))
                .header("WWW-Authenticate", containsString("error=\"invalid_dpop_proof\""))
                .header("WWW-Authenticate", containsString("error_description="));
    }

    @Test
    void aProofBuiltByHandTheRightWayGetsIn() {
        // Guards the hand-made proofs below: with ES256 and the public key they are accepted.
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + publicJwk() + "}";
        call(es256Signed(header, payload())).then().statusCode(200);
    }

    @Test
    void algNoneIsRefusedAs401() {
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":" + publicJwk() + "}";
        assertInvalidProof(call(b64(header) + "." + b64(payload()) + "."), "not a signed JWT");
        // with the real signature left on, too
        assertInvalidProof(call(es256Signed(header, payload())), "alg must be ES256");
    }

    @Test
    void hs256IsRefusedAs401() {
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"HS256\",\"jwk\":" + publicJwk() + "}";
        assertInvalidProof(call(es256Signed(header, payload())), "alg must be ES256");
        assertInvalidProof(call(b64(header) + "." + b64(payload()) + "." + Base64URL.encode(new byte[32])));
    }

    @Test
    void rs256WithAnEcKeyIsRefusedAs401() {
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":" + publicJwk() + "}";
        assertInvalidProof(call(es256Signed(header, payload())), "alg must be ES256");
        assertInvalidProof(call(b64(header) + "." + b64(payload()) + "." + Base64URL.encode(new byte[256])));
    }

    @Test
    void aJwkCarryingThePrivateKeyIsRefusedAs401() {
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":"
                + phone.key.key().toJSONString() + "}";
        assertInvalidProof(call(es256Signed(header, payload())), "private key");
    }

    @Test
    void aHeaderThatIsNotJsonIsRefusedAs401() {
        String notJson = b64("typ=dpop+jwt; alg=ES256");
        assertInvalidProof(call(notJson + "." + b64(payload()) + "." + Base64URL.encode(new byte[64])));
        assertInvalidProof(call("!!!not-base64!!!." + b64(payload()) + "." + Base64URL.encode(new byte[64])));
        assertInvalidProof(call(b64("[1,2,3]") + "." + b64(payload()) + "." + Base64URL.encode(new byte[64])));
    }

    @Test
    void aJwsWithTwoDotsButEmptyPartsIsRefusedAs401() {
        assertInvalidProof(call(".."), "three non-empty base64url parts");
        assertInvalidProof(call("." + b64(payload()) + "."));
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + publicJwk() + "}";
        assertInvalidProof(call(b64(header) + ".."));
    }

    @Test
    void otherBrokenHeadersAndPayloadsAreRefusedAs401() {
        for (String header : new String[] {
            "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\"}",
            "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":\"not an object\"}",
            "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}}",
            "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}}",
            "{\"typ\":\"dpop+jwt\",\"alg\":7,\"jwk\":" + publicJwk() + "}",
            "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + publicJwk() + ",\"crit\":[\"exp\"]}",
            "{\"typ\":\"JWT\",\"alg\":\"ES256\",\"jwk\":" + publicJwk() + "}",
        }) {
            assertInvalidProof(call(es256Signed(header, payload())));
        }
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + publicJwk() + "}";
        assertInvalidProof(call(es256Signed(header, "not json")));
        assertInvalidProof(call(es256Signed(header, "[\"an\",\"array\"]")));
    }

    @Test
    void aSignatureOfTheWrongShapeOrByAnotherKeyIsRefusedAs401() {
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + publicJwk() + "}";
        String input = b64(header) + "." + b64(payload());
        assertInvalidProof(call(input + "." + Base64URL.encode(new byte[3])), "64 bytes");
        assertInvalidProof(call(input + "." + Base64URL.encode(new byte[64])), "signature is invalid");
        assertInvalidProof(call(input + ".%%%"));
        assertInvalidProof(call(input + "." + Base64URL.encode(new byte[64]) + ".extra"));
    }

    @Test
    void theSameProofsOnAnUploadAreRefusedAs401Too() {
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":" + publicJwk() + "}";
        String claims = TestDevice.claims("POST", serviceUrl("/v1/photos"), phone.accessToken, null, Instant.now())
                .build()
                .toString();
        Response response = given().header("Authorization", "DPoP " + phone.accessToken)
                .header("DPoP", b64(header) + "." + b64(claims) + ".")
                .multiPart("file", "x.jpg", TestPhotos.jpeg(), "image/jpeg")
                .post("/v1/photos");
        assertInvalidProof(response);
    }

    /** The same kinds of proof at account-service's sign-in (its own DpopVerifier there, no quarkus-oidc). */
    @Test
    void accountServicesSignInRefusesTheSameProofsWith401() {
        String url = SignedInDevice.accountUrl() + "/v1/sessions";
        TestDevice device = TestDevice.generate();
        String jwk = device.key().toPublicJWK().toJSONString();
        String claims = TestDevice.claims("POST", url, null, null, Instant.now())
                .build()
                .toString();
        String sig = Base64URL.encode(new byte[64]).toString();
        String[] proofs = {
            b64("{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":" + jwk + "}") + "." + b64(claims) + ".",
            b64("{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":" + jwk + "}") + "." + b64(claims) + "." + sig,
            b64("{\"typ\":\"dpop+jwt\",\"alg\":\"HS256\",\"jwk\":" + jwk + "}") + "." + b64(claims) + "." + sig,
            b64("{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":" + jwk + "}") + "." + b64(claims) + "." + sig,
            b64("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":"
                            + device.key().toJSONString() + "}") + "." + b64(claims) + "." + sig,
            b64("not json") + "." + b64(claims) + "." + sig,
            b64("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + jwk + "}") + "." + b64("not json") + "." + sig,
            "..",
            "." + b64(claims) + ".",
        };
        for (String proof : proofs) {
            given().baseUri(SignedInDevice.accountUrl())
                    .contentType("application/json")
                    .header("DPoP", proof)
                    .body(Map.of(
                            "login",
                            phone.login,
                            "password",
                            "correct horse battery staple 42",
                            "device",
                            Map.of("name", "x", "model", "x", "os", "x", "appVersion", "1")))
                    .post("/v1/sessions")
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("error=\"invalid_dpop_proof\""));
        }
    }
}
