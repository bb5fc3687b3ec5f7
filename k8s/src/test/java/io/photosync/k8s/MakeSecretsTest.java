package io.photosync.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keys MakeSecrets writes, checked with Nimbus and BouncyCastle rather than with its own code. */
class MakeSecretsTest {

    @Test
    void freshProductionSecretsHoldMatchingKeys() throws Exception {
        Map<String, JsonNode> secrets = secrets(MakeSecrets.render(false, "client-secret"));
        assertEquals(List.of("account-service-config-creds", "audit-service-config-creds", "sync-service-config-creds"),
                List.copyOf(secrets.keySet()));
        secrets.values().forEach(s -> assertTrue(s.path("metadata").path("annotations").isMissingNode(), "no dev-only mark"));
        assertKeysMatch(secrets);
        assertEquals("client-secret", value(secrets, "audit-service-config-creds", "STAFF_OIDC_CLIENT_SECRET"));
    }

    @Test
    void everyRunMakesNewKeys() throws Exception {
        Map<String, JsonNode> first = secrets(MakeSecrets.render(false, "s"));
        Map<String, JsonNode> second = secrets(MakeSecrets.render(false, "s"));
        for (String[] key : new String[][] {{"account-service-config-creds", "ACCOUNT_SIGNING_KEY"},
                {"sync-service-config-creds", "SOURCE_PRIVATE_KEY"}, {"audit-service-config-creds", "LOG_PRIVATE_KEY"},
                {"account-service-config-creds", "DPOP_NONCE_SECRET"}}) {
            assertNotEquals(value(first, key[0], key[1]), value(second, key[0], key[1]), key[1]);
        }
    }

    @Test
    void theCommittedDevSecretsAreThrowawayAndConsistent() throws Exception {
        String yaml = Files.readString(Overlay.K8S_DIR.resolve("overlays/dev/secrets.dev.yml"));
        Map<String, JsonNode> secrets = secrets(yaml);
        assertEquals(7, secrets.size(), secrets.keySet().toString());
        for (JsonNode secret : secrets.values()) {
            assertEquals(MakeSecrets.DEV_ONLY_NOTE, secret.path("metadata").path("annotations").path("photosync.io/dev-only").asText(),
                    secret.path("metadata").path("name").asText() + " is marked dev-only");
        }
        assertKeysMatch(secrets);
        for (String db : List.of("account", "sync", "audit")) {
            JsonNode credentials = secrets.get(db + "-db-app");
            assertEquals("kubernetes.io/basic-auth", credentials.path("type").asText());
            assertEquals(db, credentials.path("stringData").path("username").asText());
            assertTrue(Base64.getUrlDecoder().decode(credentials.path("stringData").path("password").asText()).length >= 32);
        }
    }

    /**
     * The two sources sign with keys whose public halves audit-service holds; the signing and log
     * keys are well-formed with RFC 7638 kids; the nonce secrets have 256 bits.
     */
    private static void assertKeysMatch(Map<String, JsonNode> secrets) throws Exception {
        ECKey signing = ECKey.parse(value(secrets, "account-service-config-creds", "ACCOUNT_SIGNING_KEY"));
        assertTrue(signing.isPrivate());
        assertEquals(signing.computeThumbprint().toString(), signing.getKeyID());
        assertEquals(JWSAlgorithm.ES256, signing.getAlgorithm());
        assertEquals(0, JWKSet.parse(value(secrets, "account-service-config-creds", "ACCOUNT_SIGNING_ADDITIONAL_KEYS")).size());

        for (String source : List.of("account-service", "sync-service")) {
            ECKey sourcePrivate = ECKey.parse(value(secrets, source + "-config-creds", "SOURCE_PRIVATE_KEY"));
            ECKey auditCopy = ECKey.parse(value(secrets, "audit-service-config-creds",
                    "SOURCE_" + source.toUpperCase().replace('-', '_') + "_PUBLIC_KEY"));
            assertFalse(auditCopy.isPrivate(), "audit-service holds only the public half of " + source + "'s key");
            assertEquals(sourcePrivate.computeThumbprint(), auditCopy.computeThumbprint());
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(sourcePrivate.getKeyID()).build(),
                    new Payload("{\"id\":\"x\"}"));
            jws.sign(new ECDSASigner(sourcePrivate));
            assertTrue(JWSObject.parse(jws.serialize()).verify(new ECDSAVerifier(auditCopy)), source + " signature verifies");
            assertNotEquals(sourcePrivate.computeThumbprint(), signing.computeThumbprint());
        }

        OctetKeyPair log = OctetKeyPair.parse(value(secrets, "audit-service-config-creds", "LOG_PRIVATE_KEY"));
        assertEquals("Ed25519", log.getCurve().getName());
        assertEquals(log.computeThumbprint().toString(), log.getKeyID());
        byte[] derivedPublic = new Ed25519PrivateKeyParameters(log.getDecodedD(), 0).generatePublicKey().getEncoded();
        assertArrayEquals(derivedPublic, log.getDecodedX(), "the log key's x is the public key of its d");

        for (String service : List.of("account-service", "sync-service")) {
            assertEquals(32, Base64.getUrlDecoder().decode(value(secrets, service + "-config-creds", "DPOP_NONCE_SECRET")).length);
        }
    }

    private static String value(Map<String, JsonNode> secrets, String secret, String key) {
        JsonNode value = secrets.get(secret).path("stringData").path(key);
        assertTrue(value.isTextual(), secret + " holds " + key);
        return value.asText();
    }

    private static Map<String, JsonNode> secrets(String yaml) {
        StrictManifestValidator validator = new StrictManifestValidator();
        Map<String, JsonNode> byName = new TreeMap<>();
        for (JsonNode document : Overlay.readYaml(yaml)) {
            validator.validate(document);
            byName.put(document.path("metadata").path("name").asText(), document);
        }
        return byName;
    }
}
