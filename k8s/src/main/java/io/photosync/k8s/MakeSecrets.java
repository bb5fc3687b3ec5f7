package io.photosync.k8s;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the suite's key material as Kubernetes Secret manifests, fresh keys on every run:
 * the token signing key (ES256), the two log-source keys (ES256; audit-service gets their public
 * halves), the log key (Ed25519) and the DPoP nonce secrets. JDK only, so it runs as a source file:
 * <pre>java k8s/src/main/java/io/photosync/k8s/MakeSecrets.java [--dev] [--staff-oidc-client-secret S] | kubectl apply -n photosync -f -</pre>
 * {@code --dev} also writes throwaway database credentials and marks every Secret as dev-only.
 */
public final class MakeSecrets {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** DER prefixes of the JDK's encodings of an Ed25519 key: what precedes the 32 raw bytes. */
    private static final byte[] ED25519_PKCS8_PREFIX = hex("302e020100300506032b657004220420");
    private static final byte[] ED25519_X509_PREFIX = hex("302a300506032b6570032100");
    static final String DEV_ONLY_NOTE = "DEV ONLY: throwaway keys made by MakeSecrets --dev; never use them elsewhere";

    private MakeSecrets() {
    }

    public static void main(String[] args) throws GeneralSecurityException {
        boolean dev = false;
        String staffClientSecret = "replace-with-the-staff-idp-client-secret";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dev" -> dev = true;
                case "--staff-oidc-client-secret" -> staffClientSecret = args[++i];
                default -> {
                    System.err.println("usage: MakeSecrets [--dev] [--staff-oidc-client-secret SECRET]");
                    System.exit(2);
                }
            }
        }
        System.out.print(render(dev, staffClientSecret));
    }

    /** The Secret manifests as one multi-document YAML string. */
    public static String render(boolean dev, String staffClientSecret) throws GeneralSecurityException {
        KeyPair accountSource = newEcKey();
        KeyPair syncSource = newEcKey();
        StringBuilder yaml = new StringBuilder();
        if (dev) {
            yaml.append("# ").append(DEV_ONLY_NOTE).append('\n');
        }
        Map<String, String> account = new LinkedHashMap<>();
        account.put("ACCOUNT_SIGNING_KEY", ecJwk(newEcKey(), true));
        // Public JWKs published beside the signing key during a rotation (k8s/README.md).
        account.put("ACCOUNT_SIGNING_ADDITIONAL_KEYS", "{\"keys\":[]}");
        account.put("SOURCE_PRIVATE_KEY", ecJwk(accountSource, true));
        account.put("DPOP_NONCE_SECRET", randomSecret());
        secret(yaml, "account-service-config-creds", "account-service", "Opaque", account, dev);

        Map<String, String> sync = new LinkedHashMap<>();
        sync.put("SOURCE_PRIVATE_KEY", ecJwk(syncSource, true));
        sync.put("DPOP_NONCE_SECRET", randomSecret());
        secret(yaml, "sync-service-config-creds", "sync-service", "Opaque", sync, dev);

        Map<String, String> audit = new LinkedHashMap<>();
        audit.put("LOG_PRIVATE_KEY", ed25519Jwk(KeyPairGenerator.getInstance("Ed25519").generateKeyPair()));
        audit.put("SOURCE_ACCOUNT_SERVICE_PUBLIC_KEY", ecJwk(accountSource, false));
        audit.put("SOURCE_SYNC_SERVICE_PUBLIC_KEY", ecJwk(syncSource, false));
        audit.put("STAFF_OIDC_CLIENT_SECRET", staffClientSecret);
        secret(yaml, "audit-service-config-creds", "audit-service", "Opaque", audit, dev);

        if (dev) {
            for (String db : new String[] {"account", "sync", "audit"}) {
                secret(yaml, db + "-db-app", db + "-db", "kubernetes.io/basic-auth", basicAuth(db), true);
            }
            secret(yaml, "dev-postgres-superuser", "dev-postgres", "kubernetes.io/basic-auth",
                    basicAuth("postgres"), true);
        }
        return yaml.toString();
    }

    private static Map<String, String> basicAuth(String username) {
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("username", username);
        credentials.put("password", randomSecret());
        return credentials;
    }

    private static void secret(StringBuilder yaml, String name, String app, String type,
            Map<String, String> values, boolean dev) {
        yaml.append("---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ").append(name).append('\n');
        yaml.append("  labels:\n    app: ").append(app).append("\n    app.kubernetes.io/part-of: photosync\n");
        if (dev) {
            yaml.append("  annotations:\n    photosync.io/dev-only: \"").append(DEV_ONLY_NOTE).append("\"\n");
        }
        yaml.append("type: ").append(type).append("\nstringData:\n");
        values.forEach((key, value) -> yaml.append("  ").append(key).append(": '").append(value).append("'\n"));
    }

    static KeyPair newEcKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    /** An ES256 JWK (RFC 7517/7518) whose kid is its RFC 7638 thumbprint. */
    static String ecJwk(KeyPair pair, boolean withPrivate) throws GeneralSecurityException {
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        String x = B64URL.encodeToString(unsigned32(pub.getW().getAffineX()));
        String y = B64URL.encodeToString(unsigned32(pub.getW().getAffineY()));
        String kid = thumbprint("{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}");
        String d = withPrivate
                ? ",\"d\":\"" + B64URL.encodeToString(unsigned32(((ECPrivateKey) pair.getPrivate()).getS())) + "\""
                : "";
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"" + kid
                + "\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"" + d + "}";
    }

    /** An Ed25519 private JWK (RFC 8037) whose kid is its RFC 7638 thumbprint. */
    static String ed25519Jwk(KeyPair pair) throws GeneralSecurityException {
        String x = B64URL.encodeToString(strip(ED25519_X509_PREFIX, pair.getPublic().getEncoded()));
        String d = B64URL.encodeToString(strip(ED25519_PKCS8_PREFIX, pair.getPrivate().getEncoded()));
        String kid = thumbprint("{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}");
        return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"alg\":\"EdDSA\",\"use\":\"sig\",\"kid\":\"" + kid
                + "\",\"x\":\"" + x + "\",\"d\":\"" + d + "\"}";
    }

    private static String thumbprint(String canonicalMembers) throws GeneralSecurityException {
        return B64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(canonicalMembers.getBytes(StandardCharsets.UTF_8)));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64URL.encodeToString(bytes);
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, out, 32 - length, length);
        return out;
    }

    private static byte[] strip(byte[] prefix, byte[] encoded) {
        if (encoded.length != prefix.length + 32
                || !Arrays.equals(prefix, Arrays.copyOf(encoded, prefix.length))) {
            throw new IllegalStateException("unexpected Ed25519 key encoding");
        }
        return Arrays.copyOfRange(encoded, prefix.length, encoded.length);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
