package io.photosync.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

/** The keys MakeSecrets writes, checked with Nimbus and BouncyCastle rather than with its own code. */
class MakeSecretsTest {

    @Test
    void freshProductionSecretsHoldMatchingKeys() throws Exception {
        Map<String, JsonNode> secrets = secrets(MakeSecrets.render(false, "log.example.org/log"));
        assertEquals(
                List.of("account-service-config-creds", "audit-service-config-creds", "sync-service-config-creds"),
                List.copyOf(secrets.keySet()));
        secrets.values()
                .forEach(s -> assertTrue(s.path("metadata").path("annotations").isMissingNode(), "no dev-only mark"));
        assertKeysMatch(secrets, "log.example.org/log");
    }

    @Test
    void everyRunMakesNewKeys() throws Exception {
        Map<String, JsonNode> first = secrets(MakeSecrets.render(false, "o"));
        Map<String, JsonNode> second = secrets(MakeSecrets.render(false, "o"));
        for (String[] key : new String[][] {
            {"account-service-config-creds", "OUTBOX_SOURCE_KEY"},
            {"sync-service-config-creds", "OUTBOX_SOURCE_KEY"},
            {"audit-service-config-creds", "AUDIT_LOG_PRIVATE_KEY"},
            {"account-service-config-creds", "ACCOUNT_KEYS_WRAPPING_KEY"},
            {"account-service-config-creds", "ACCOUNT_DPOP_NONCE_SECRET"},
            {"account-service-config-creds", "ACCOUNT_SUPPORT_AUDIT_PUBLIC_KEY"},
            {"audit-service-config-creds", "AUDIT_SUPPORT_PRIVATE_KEY"}
        }) {
            assertNotEquals(value(first, key[0], key[1]), value(second, key[0], key[1]), key[1]);
        }
    }

    @Test
    void aLogOriginThatCannotNameANoteKeyIsRefused() {
        for (String origin : List.of("", "two words", "a+b")) {
            assertThrows(IllegalArgumentException.class, () -> MakeSecrets.render(false, origin), origin);
        }
    }

    @Test
    void theCommittedDevSecretsAreThrowawayAndConsistent() throws Exception {
        String yaml = Files.readString(Overlay.K8S_DIR.resolve("overlays/dev/secrets.dev.yml"));
        Map<String, JsonNode> secrets = secrets(yaml);
        assertEquals(7, secrets.size(), secrets.keySet().toString());
        for (JsonNode secret : secrets.values()) {
            assertEquals(
                    MakeSecrets.DEV_ONLY_NOTE,
                    secret.path("metadata")
                            .path("annotations")
                            .path("photosync.io/dev-only")
                            .asText(),
                    secret.path("metadata").path("name").asText() + " is marked dev-only");
        }
        // the log key carries the name the dev overlay gives the log
        String origin = Overlay.of("dev")
                .get(ConfigMap.class, "audit-service-config")
                .getData()
                .get("AUDIT_LOG_ORIGIN");
        assertEquals(MakeSecrets.DEV_LOG_ORIGIN, origin);
        assertKeysMatch(secrets, origin);
        for (String db : List.of("account", "sync", "audit")) {
            JsonNode credentials = secrets.get(db + "-db-app");
            assertEquals("kubernetes.io/basic-auth", credentials.path("type").asText());
            assertEquals(db, credentials.path("stringData").path("username").asText());
            assertTrue(Base64.getUrlDecoder()
                            .decode(credentials
                                    .path("stringData")
                                    .path("password")
                                    .asText())
                            .length
                    >= 32);
        }
    }

    @Test
    void theProdDefaultLogOriginIsTheProdOverlays() {
        assertEquals(
                MakeSecrets.PROD_LOG_ORIGIN,
                Overlay.of("prod")
                        .get(ConfigMap.class, "audit-service-config")
                        .getData()
                        .get("AUDIT_LOG_ORIGIN"));
    }

    /** {@code --env}: shell lines a POSIX shell reads back to the same values, with matching key pairs. */
    @Test
    void localRunExportsHoldMatchingKeys() throws Exception {
        String output = MakeSecrets.renderEnv();
        Map<String, String> env = sourcedByShell(output);
        assertEquals(
                Set.of(
                        "ACCOUNT_OUTBOX_SOURCE_KEY",
                        "SYNC_OUTBOX_SOURCE_KEY",
                        "AUDIT_SOURCE_ACCOUNT_PUBLIC_KEY",
                        "AUDIT_SOURCE_SYNC_PUBLIC_KEY",
                        "AUDIT_SUPPORT_PRIVATE_KEY",
                        "ACCOUNT_SUPPORT_AUDIT_PUBLIC_KEY",
                        "ACCOUNT_KEYS_WRAPPING_KEY",
                        "AUDIT_LOG_PRIVATE_KEY"),
                env.keySet());
        assertSourcePair(
                env.get("ACCOUNT_OUTBOX_SOURCE_KEY"), env.get("AUDIT_SOURCE_ACCOUNT_PUBLIC_KEY"), "account-service");
        assertSourcePair(env.get("SYNC_OUTBOX_SOURCE_KEY"), env.get("AUDIT_SOURCE_SYNC_PUBLIC_KEY"), "sync-service");
        assertSourcePair(
                env.get("AUDIT_SUPPORT_PRIVATE_KEY"), env.get("ACCOUNT_SUPPORT_AUDIT_PUBLIC_KEY"), "audit-service");
        assertDistinctSigners(
                env.get("ACCOUNT_OUTBOX_SOURCE_KEY"),
                env.get("SYNC_OUTBOX_SOURCE_KEY"),
                env.get("AUDIT_SUPPORT_PRIVATE_KEY"));
        assertAes256Key(env.get("ACCOUNT_KEYS_WRAPPING_KEY"));
        assertNoteSignerKey(env.get("AUDIT_LOG_PRIVATE_KEY"), "photosync.local/audit-log");
        for (String line : output.split("\n")) {
            assertTrue(line.startsWith("# ") || line.matches("export [A-Z_]+='[^']*'"), line);
        }
        assertNotEquals(env, sourcedByShell(MakeSecrets.renderEnv()), "every run makes new keys");
    }

    /** Runs {@code sh}, sources the lines and prints the variables back NUL-separated, as a shell sees them. */
    private static Map<String, String> sourcedByShell(String exports) throws Exception {
        Path file = Files.createTempFile("dev-keys", ".env");
        try {
            Files.writeString(file, exports);
            Process shell = new ProcessBuilder("env", "-i", "sh", "-c", ". \"$1\" && env -0", "sh", file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, shell.waitFor());
            Map<String, String> env = new TreeMap<>();
            for (String entry : out.split("\0")) {
                int eq = entry.indexOf('=');
                String name = entry.substring(0, eq);
                if (name.matches("(ACCOUNT|SYNC|AUDIT)_.*")) {
                    env.put(name, entry.substring(eq + 1));
                }
            }
            return env;
        } finally {
            Files.delete(file);
        }
    }

    /**
     * Each source signs with a key whose public half audit-service holds; audit-service signs its support
     * calls with a key whose public half account-service holds; the log key is a valid
     * signed-note signer key named after the log; the wrapping key and nonce secret are AES-256 keys
     * in standard base64 (what account-service decodes).
     */
    private static void assertKeysMatch(Map<String, JsonNode> secrets, String logOrigin) throws Exception {
        assertSourcePair(
                value(secrets, "account-service-config-creds", "OUTBOX_SOURCE_KEY"),
                value(secrets, "audit-service-config-creds", "AUDIT_SOURCE_ACCOUNT_PUBLIC_KEY"),
                "account-service");
        assertSourcePair(
                value(secrets, "sync-service-config-creds", "OUTBOX_SOURCE_KEY"),
                value(secrets, "audit-service-config-creds", "AUDIT_SOURCE_SYNC_PUBLIC_KEY"),
                "sync-service");
        assertSourcePair(
                value(secrets, "audit-service-config-creds", "AUDIT_SUPPORT_PRIVATE_KEY"),
                value(secrets, "account-service-config-creds", "ACCOUNT_SUPPORT_AUDIT_PUBLIC_KEY"),
                "audit-service");
        assertDistinctSigners(
                value(secrets, "account-service-config-creds", "OUTBOX_SOURCE_KEY"),
                value(secrets, "sync-service-config-creds", "OUTBOX_SOURCE_KEY"),
                value(secrets, "audit-service-config-creds", "AUDIT_SUPPORT_PRIVATE_KEY"));
        assertNoteSignerKey(value(secrets, "audit-service-config-creds", "AUDIT_LOG_PRIVATE_KEY"), logOrigin);
        assertAes256Key(value(secrets, "account-service-config-creds", "ACCOUNT_KEYS_WRAPPING_KEY"));
        assertAes256Key(value(secrets, "account-service-config-creds", "ACCOUNT_DPOP_NONCE_SECRET"));
        assertNotEquals(
                value(secrets, "account-service-config-creds", "ACCOUNT_KEYS_WRAPPING_KEY"),
                value(secrets, "account-service-config-creds", "ACCOUNT_DPOP_NONCE_SECRET"));
    }

    /** The signers (the two sources, audit-service's support calls) each have a key of their own. */
    private static void assertDistinctSigners(String... privateJwks) throws Exception {
        Set<String> thumbprints = new HashSet<>();
        for (String jwk : privateJwks) {
            thumbprints.add(ECKey.parse(jwk).computeThumbprint().toString());
        }
        assertEquals(privateJwks.length, thumbprints.size(), "each signer has its own key");
    }

    private static void assertSourcePair(String privateJwk, String publicJwk, String source) throws Exception {
        ECKey sourcePrivate = ECKey.parse(privateJwk);
        ECKey verifierCopy = ECKey.parse(publicJwk);
        assertTrue(sourcePrivate.isPrivate(), source + "'s own key is private");
        assertEquals(Curve.P_256, sourcePrivate.getCurve());
        assertFalse(verifierCopy.isPrivate(), "its verifier holds only the public half of " + source + "'s key");
        assertEquals(sourcePrivate.computeThumbprint(), verifierCopy.computeThumbprint());
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(source).build(), new Payload("{\"id\":\"x\"}"));
        jws.sign(new ECDSASigner(sourcePrivate));
        assertTrue(
                JWSObject.parse(jws.serialize()).verify(new ECDSAVerifier(verifierCopy)),
                source + " signature verifies");
    }

    /**
     * {@code PRIVATE+KEY+<name>+<id>+<base64(0x01 ‖ seed)>} (C2SP signed-note, Go's note package):
     * the id recomputed from the BouncyCastle-derived public key, and a signature that verifies.
     */
    private static void assertNoteSignerKey(String signerKey, String name) throws Exception {
        String[] parts = signerKey.split("\\+", 5); // the base64 may hold + too
        assertEquals(5, parts.length, signerKey);
        assertEquals(List.of("PRIVATE", "KEY", name), List.of(parts[0], parts[1], parts[2]));
        byte[] typed = Base64.getDecoder().decode(parts[4]);
        assertEquals(33, typed.length);
        assertEquals(1, typed[0], "signature type Ed25519");
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(typed, 1);
        byte[] publicKey = key.generatePublicKey().getEncoded();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((name + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 1);
        assertEquals(HexFormat.of().formatHex(Arrays.copyOf(sha.digest(publicKey), 4)), parts[3], "key id");
        byte[] message = "checkpoint\n".getBytes(StandardCharsets.UTF_8);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        byte[] signature = signer.generateSignature();
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(message, 0, message.length);
        assertTrue(verifier.verifySignature(signature));
    }

    private static void assertAes256Key(String base64) throws Exception {
        byte[] key = Base64.getDecoder().decode(base64);
        assertEquals(32, key.length);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        assertEquals(16 + 3, aes.doFinal(new byte[3]).length);
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
