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
 * Makes the suite's key material, fresh keys on every run: the two log-source keys (ES256 JWKs;
 * audit-service gets their public halves), audit-service's support key (ES256; account-service gets
 * its public half, docs/SUPPORT.md), the log's checkpoint key (an Ed25519 signed-note signer key),
 * account-service's key-wrapping key (its token signing keys live in its database, encrypted with it)
 * and its DPoP nonce secret. JDK only, so it runs as a source file:
 * <pre>
 * java k8s/src/main/java/io/photosync/k8s/MakeSecrets.java [--log-origin O] | kubectl apply -n photosync -f -
 * java k8s/src/main/java/io/photosync/k8s/MakeSecrets.java --dev > k8s/overlays/dev/secrets.dev.yml
 * java k8s/src/main/java/io/photosync/k8s/MakeSecrets.java --env > .run/dev-keys.env
 * </pre>
 * The default writes Kubernetes Secret manifests; {@code --dev} also writes throwaway database
 * credentials and marks every Secret as dev-only; {@code --env} writes {@code export NAME='value'}
 * lines for the services run as local processes.
 */
public final class MakeSecrets {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** DER prefixes of the JDK's encodings of an Ed25519 key: what precedes the 32 raw bytes. */
    private static final byte[] ED25519_PKCS8_PREFIX = hex("302e020100300506032b657004220420");

    private static final byte[] ED25519_X509_PREFIX = hex("302a300506032b6570032100");
    /** Signature type of Ed25519 in the C2SP signed-note spec. */
    private static final byte NOTE_ED25519 = 0x01;

    static final String DEV_ONLY_NOTE = "DEV ONLY: throwaway keys made by MakeSecrets --dev; never use them elsewhere";
    static final String LOCAL_ONLY_NOTE =
            "LOCAL ONLY: keys made by MakeSecrets --env for services run as local processes; keep the file while the"
                    + " databases live (account-service cannot read its signing keys under another"
                    + " ACCOUNT_KEYS_WRAPPING_KEY); never deploy them";
    /** The log origins of the overlays (their AUDIT_LOG_ORIGIN); the log key must carry the same name. */
    static final String PROD_LOG_ORIGIN = "photosync.example.com/audit-log";

    static final String DEV_LOG_ORIGIN = "photosync.localtest.me/audit-log";
    /** audit-service's default AUDIT_LOG_ORIGIN, that of local runs (bin/run, the packaged jars in tests). */
    public static final String LOCAL_LOG_ORIGIN = "photosync.local/audit-log";

    private MakeSecrets() {}

    public static void main(String[] args) throws GeneralSecurityException {
        String mode = "prod";
        String logOrigin = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dev" -> mode = "dev";
                case "--env" -> mode = "env";
                case "--log-origin" -> logOrigin = i + 1 < args.length ? args[++i] : null;
                default -> usage();
            }
        }
        switch (mode) {
            case "env" -> {
                if (logOrigin != null) {
                    usage();
                }
                System.out.print(renderEnv());
            }
            case "dev" -> System.out.print(render(true, logOrigin == null ? DEV_LOG_ORIGIN : logOrigin));
            default -> System.out.print(render(false, logOrigin == null ? PROD_LOG_ORIGIN : logOrigin));
        }
    }

    private static void usage() {
        System.err.println("usage: MakeSecrets [--dev] [--log-origin ORIGIN]   (Kubernetes Secrets)\n"
                + "       MakeSecrets --env                        (shell exports for local runs)");
        System.exit(2);
    }

    /** The Secret manifests as one multi-document YAML string; the log key is named {@code logOrigin}. */
    public static String render(boolean dev, String logOrigin) throws GeneralSecurityException {
        KeyPair accountSource = newEcKey();
        KeyPair syncSource = newEcKey();
        KeyPair auditSupport = newEcKey();
        StringBuilder yaml = new StringBuilder();
        if (dev) {
            yaml.append("# ").append(DEV_ONLY_NOTE).append('\n');
        }
        Map<String, String> account = new LinkedHashMap<>();
        account.put("OUTBOX_SOURCE_KEY", ecJwk(accountSource, true));
        account.put("ACCOUNT_KEYS_WRAPPING_KEY", randomKey());
        account.put("ACCOUNT_DPOP_NONCE_SECRET", randomKey());
        account.put("ACCOUNT_SUPPORT_AUDIT_PUBLIC_KEY", ecJwk(auditSupport, false));
        secret(yaml, "account-service-config-creds", "account-service", "Opaque", account, dev);

        Map<String, String> sync = new LinkedHashMap<>();
        sync.put("OUTBOX_SOURCE_KEY", ecJwk(syncSource, true));
        secret(yaml, "sync-service-config-creds", "sync-service", "Opaque", sync, dev);

        Map<String, String> audit = new LinkedHashMap<>();
        audit.put("AUDIT_LOG_PRIVATE_KEY", newLogKey(logOrigin));
        audit.put("AUDIT_SOURCE_ACCOUNT_PUBLIC_KEY", ecJwk(accountSource, false));
        audit.put("AUDIT_SOURCE_SYNC_PUBLIC_KEY", ecJwk(syncSource, false));
        audit.put("AUDIT_SUPPORT_PRIVATE_KEY", ecJwk(auditSupport, true));
        secret(yaml, "audit-service-config-creds", "audit-service", "Opaque", audit, dev);

        if (dev) {
            for (String db : new String[] {"account", "sync", "audit"}) {
                secret(yaml, db + "-db-app", db + "-db", "kubernetes.io/basic-auth", basicAuth(db), true);
            }
            secret(
                    yaml,
                    "dev-postgres-superuser",
                    "dev-postgres",
                    "kubernetes.io/basic-auth",
                    basicAuth("postgres"),
                    true);
        }
        return yaml.toString();
    }

    /**
     * Shell lines {@code export NAME='value'} for the three services run as local processes: each
     * source's private key (given to it as OUTBOX_SOURCE_KEY), their public halves for audit-service,
     * audit-service's support key and its public half for account-service, and account-service's
     * key-wrapping key, and the log's checkpoint key named after audit-service's default origin (outside the dev
     * profile audit-service never generates one).
     */
    public static String renderEnv() throws GeneralSecurityException {
        KeyPair accountSource = newEcKey();
        KeyPair syncSource = newEcKey();
        KeyPair auditSupport = newEcKey();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ACCOUNT_OUTBOX_SOURCE_KEY", ecJwk(accountSource, true));
        values.put("SYNC_OUTBOX_SOURCE_KEY", ecJwk(syncSource, true));
        values.put("AUDIT_SOURCE_ACCOUNT_PUBLIC_KEY", ecJwk(accountSource, false));
        values.put("AUDIT_SOURCE_SYNC_PUBLIC_KEY", ecJwk(syncSource, false));
        values.put("AUDIT_SUPPORT_PRIVATE_KEY", ecJwk(auditSupport, true));
        values.put("ACCOUNT_SUPPORT_AUDIT_PUBLIC_KEY", ecJwk(auditSupport, false));
        values.put("ACCOUNT_KEYS_WRAPPING_KEY", randomKey());
        values.put("AUDIT_LOG_PRIVATE_KEY", newLogKey(LOCAL_LOG_ORIGIN));
        StringBuilder env = new StringBuilder("# ").append(LOCAL_ONLY_NOTE).append('\n');
        values.forEach((name, value) -> {
            if (value.indexOf('\'') >= 0) {
                throw new IllegalStateException(name + " cannot be single-quoted");
            }
            env.append("export ").append(name).append("='").append(value).append("'\n");
        });
        return env.toString();
    }

    private static Map<String, String> basicAuth(String username) {
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("username", username);
        credentials.put("password", password());
        return credentials;
    }

    private static void secret(
            StringBuilder yaml, String name, String app, String type, Map<String, String> values, boolean dev) {
        yaml.append("---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ")
                .append(name)
                .append('\n');
        yaml.append("  labels:\n    app: ").append(app).append("\n    app.kubernetes.io/part-of: photosync\n");
        if (dev) {
            yaml.append("  annotations:\n    photosync.io/dev-only: \"")
                    .append(DEV_ONLY_NOTE)
                    .append("\"\n");
        }
        yaml.append("type: ").append(type).append("\nstringData:\n");
        values.forEach((key, value) ->
                yaml.append("  ").append(key).append(": '").append(value).append("'\n"));
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
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"" + kid + "\",\"x\":\""
                + x + "\",\"y\":\"" + y + "\"" + d + "}";
    }

    /**
     * An Ed25519 signer key of the C2SP signed-note spec, the form audit-service reads:
     * {@code PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>}, where the key id is the first
     * four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
     */
    /** A fresh checkpoint key for the log {@code origin}, in audit-service's {@code audit.log.private-key} form. */
    public static String newLogKey(String origin) throws GeneralSecurityException {
        return noteSignerKey(origin, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    }

    static String noteSignerKey(String name, KeyPair pair) throws GeneralSecurityException {
        if (name.isEmpty() || name.contains("+") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a log origin is non-empty and has no spaces or '+': " + name);
        }
        byte[] seed = strip(ED25519_PKCS8_PREFIX, pair.getPrivate().getEncoded());
        byte[] publicKey = strip(ED25519_X509_PREFIX, pair.getPublic().getEncoded());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x0A);
        sha.update(NOTE_ED25519);
        byte[] keyId = Arrays.copyOf(sha.digest(publicKey), 4);
        byte[] typedSeed = new byte[33];
        typedSeed[0] = NOTE_ED25519;
        System.arraycopy(seed, 0, typedSeed, 1, 32);
        return "PRIVATE+KEY+" + name + "+" + HexFormat.of().formatHex(keyId) + "+"
                + Base64.getEncoder().encodeToString(typedSeed);
    }

    private static String thumbprint(String canonicalMembers) throws GeneralSecurityException {
        return B64URL.encodeToString(
                MessageDigest.getInstance("SHA-256").digest(canonicalMembers.getBytes(StandardCharsets.UTF_8)));
    }

    /** 32 random bytes, standard base64: the form of the wrapping key and the nonce secret. */
    private static String randomKey() {
        return Base64.getEncoder().encodeToString(randomBytes());
    }

    private static String password() {
        return B64URL.encodeToString(randomBytes());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, out, 32 - length, length);
        return out;
    }

    private static byte[] strip(byte[] prefix, byte[] encoded) {
        if (encoded.length != prefix.length + 32 || !Arrays.equals(prefix, Arrays.copyOf(encoded, prefix.length))) {
            throw new IllegalStateException("unexpected Ed25519 key encoding");
        }
        return Arrays.copyOfRange(encoded, prefix.length, encoded.length);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
