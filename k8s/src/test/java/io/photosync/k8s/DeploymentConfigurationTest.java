package io.photosync.k8s;

import static io.photosync.k8s.OverlaysTest.SERVICES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three sides of the configuration agree (the services' kubernetes profile, the generated
 * manifests, the overlays' ConfigMaps and Secrets), and more than one replica runs only where that
 * is safe.
 */
class DeploymentConfigurationTest {
    /** The one ConfigMap with TRUSTED_PROXIES: made by the dev overlay, by the operator in prod (k8s/README.md). */
    static final String TRUSTED_PROXIES_CONFIG_MAP = "trusted-proxies";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVariableTheProfileReadsIsProvidedAndNothingElse(String name) throws Exception {
        Overlay overlay = Overlay.of(name);
        Map<String, Map<String, String>> secretData = new HashMap<>();
        overlay.all(Secret.class).forEach(s -> secretData.put(s.getMetadata().getName(), s.getStringData()));
        if (name.equals("prod")) {
            // prod's Secrets are made by MakeSecrets beside the overlay (k8s/README.md)
            for (JsonNode secret : Overlay.readYaml(MakeSecrets.render(false, MakeSecrets.PROD_LOG_ORIGIN))) {
                Map<String, String> data = new HashMap<>();
                secret.path("stringData")
                        .properties()
                        .forEach(e -> data.put(e.getKey(), e.getValue().asText()));
                secretData.put(secret.path("metadata").path("name").asText(), data);
            }
        }
        for (String service : SERVICES) {
            Container container = overlay.get(Deployment.class, service)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .getFirst();
            Set<String> provided = new TreeSet<>();
            container.getEnv().forEach(e -> provided.add(e.getName()));
            // the variables named one by one are the profile's too, except Quarkus' own QUARKUS_PROFILE
            Set<String> given = new TreeSet<>(provided);
            given.remove("QUARKUS_PROFILE");
            for (EnvFromSource source : container.getEnvFrom()) {
                if (source.getConfigMapRef() != null) {
                    given.addAll(overlay.get(
                                    ConfigMap.class, source.getConfigMapRef().getName())
                            .getData()
                            .keySet());
                }
                if (source.getSecretRef() != null) {
                    Map<String, String> data =
                            secretData.get(source.getSecretRef().getName());
                    assertNotNull(
                            data, service + ": Secret " + source.getSecretRef().getName() + " exists or is documented");
                    given.addAll(data.keySet());
                }
            }
            provided.addAll(given);
            ServiceConfiguration profile = ServiceConfiguration.of(service);
            Set<String> missing = new TreeSet<>(profile.environmentVariables(true));
            missing.removeAll(provided);
            assertEquals(Set.of(), missing, name + ": " + service + " reads these but nothing sets them");
            Set<String> unused = new TreeSet<>(given);
            unused.removeAll(profile.environmentVariables(false));
            assertEquals(Set.of(), unused, name + ": " + service + " is given these but reads none of them");
        }
    }

    @Test
    void everyKeyTheProfileSetsIsReadByTheServicesCodeAndNoneStopsItsStart() {
        for (String service : SERVICES) {
            assertEquals(
                    Set.of(),
                    ServiceConfiguration.of(service).misplacedKeys(),
                    service + ": under the kubernetes profile these keys stop the start or are read by nothing");
        }
    }

    @Test
    void misplacedKeysAreFound() {
        // the kinds of guess this layer once made: a mapping key the interface lacks, a prefix nobody maps
        Map<String, String> guessed =
                new HashMap<>(ServiceConfiguration.of("account-service").properties());
        guessed.put("account.signing-key", "${ACCOUNT_SIGNING_KEY}");
        guessed.put("photosync.dpop.nonce-secret", "${DPOP_NONCE_SECRET}");
        guessed.put("account.keys.wrapping", "x");
        assertEquals(
                Set.of("account.signing-key", "photosync.dpop.nonce-secret", "account.keys.wrapping"),
                new ServiceConfiguration("account-service", guessed).misplacedKeys());
        // a key outside every mapping that @ConfigProperty reads is fine
        guessed = new HashMap<>(ServiceConfiguration.of("account-service").properties());
        guessed.put("photosync.outbox.relay.batch-size", "100");
        assertEquals(Set.of(), new ServiceConfiguration("account-service", guessed).misplacedKeys());
        // map keys under a Map-valued mapping method are not members to look up
        Map<String, String> audit =
                new HashMap<>(ServiceConfiguration.of("audit-service").properties());
        assertEquals("${AUDIT_SOURCE_SYNC_PUBLIC_KEY}", audit.get("audit.sources.sync-service.public-key"));
        // a helper key under a mapping's prefix, used only as ${...} by another value: SmallRye refuses
        // it at start (SRCFG00050) while it validates unknown mapping keys (its default), not when that is off
        audit.put("audit.helper-url", "http://x");
        audit.put("audit.provenance.account-url", "${audit.helper-url}");
        assertEquals(Set.of("audit.helper-url"), new ServiceConfiguration("audit-service", audit).misplacedKeys());
        audit.put("smallrye.config.mapping.validate-unknown", "false");
        assertEquals(Set.of(), new ServiceConfiguration("audit-service", audit).misplacedKeys());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void inClusterUrlsReachTheServicesAndTokensCarryOneIssuer(String name) {
        Overlay overlay = Overlay.of(name);
        String issuer =
                overlay.get(ConfigMap.class, "account-service-config").getData().get("ACCOUNT_ISSUER");
        assertTrue(issuer.matches("https?://[a-z0-9.-]+"), issuer);
        for (String service : SERVICES) {
            Map<String, String> data =
                    overlay.get(ConfigMap.class, service + "-config").getData();
            if (ServiceConfiguration.of(service).environmentVariables(false).contains("ACCOUNT_ISSUER")) {
                assertEquals(issuer, data.get("ACCOUNT_ISSUER"), name + ": " + service + " expects the tokens' iss");
            }
            for (String variable : List.of("ACCOUNT_URL", "AUDIT_URL")) {
                String url = data.get(variable);
                if (url == null) {
                    continue;
                }
                String target = variable.equals("ACCOUNT_URL") ? "account-service" : "audit-service";
                assertEquals("http://" + target, url, name + ": " + service + " " + variable);
                Service backend = overlay.get(Service.class, target);
                int podPort = overlay.get(Deployment.class, target)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getPorts()
                        .getFirst()
                        .getContainerPort();
                assertTrue(
                        backend.getSpec().getPorts().stream()
                                .anyMatch(p ->
                                        p.getPort() == 80 && p.getTargetPort().getIntVal() == podPort),
                        name + ": " + target + " serves port 80 from " + podPort);
            }
        }
        String origin =
                overlay.get(ConfigMap.class, "audit-service-config").getData().get("AUDIT_LOG_ORIGIN");
        assertTrue(
                origin.startsWith(issuer.replaceFirst("https?://", "") + "/"),
                name + ": the log is named after its host: " + origin);
    }

    @Test
    void theGeneratedManifestsReflectEachServicesProfile() throws Exception {
        for (String service : SERVICES) {
            String generated = Files.readString(Overlay.K8S_DIR.resolve("base").resolve(service + ".yml"));
            assertTrue(generated.startsWith("# GENERATED by k8s/generate.sh"), service);
            ServiceConfiguration profile = ServiceConfiguration.of(service);
            assertEquals("prod", profile.get("quarkus.config.profile.parent"));
            Deployment deployment = Overlay.readYaml(generated).stream()
                    .filter(d -> d.path("kind").asText().equals("Deployment"))
                    .map(d -> (Deployment) new StrictManifestValidator().validate(d))
                    .findFirst()
                    .orElseThrow();
            assertEquals(
                    Integer.valueOf(profile.get("quarkus.kubernetes.replicas")),
                    deployment.getSpec().getReplicas());
            assertEquals(
                    profile.get("quarkus.kubernetes.labels.app"),
                    deployment.getMetadata().getLabels().get("app"));
            Container container =
                    deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertEquals(
                    Set.of(
                            profile.get("quarkus.kubernetes.env.configmaps"),
                            profile.get("quarkus.kubernetes.env.secrets")),
                    container.getEnvFrom().stream()
                            .map(s -> s.getConfigMapRef() != null
                                    ? s.getConfigMapRef().getName()
                                    : s.getSecretRef().getName())
                            .collect(Collectors.toSet()),
                    service + ": regenerate with k8s/generate.sh after changing its profile");
            assertEquals(
                    profile.get("quarkus.kubernetes.resources.limits.memory"),
                    container.getResources().getLimits().get("memory").toString());
        }
    }

    /**
     * The most addresses one entry of TRUSTED_PROXIES may cover: a /24 (IPv4) or /120 (IPv6), one node's pod
     * range on kind or minikube. A cluster's pod CIDR (kind's 10.244.0.0/16) is refused: every pod in it
     * could set the client IP, and so the place recorded as evidence (issue 10).
     */
    static final BigInteger MAX_TRUSTED_ADDRESSES = BigInteger.valueOf(256);

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void forwardedHeadersAreTrustedOnlyFromTheIngressController(String name) {
        Overlay overlay = Overlay.of(name);
        for (String service : SERVICES) {
            ServiceConfiguration profile = ServiceConfiguration.of(service);
            assertEquals("true", profile.get("quarkus.http.proxy.proxy-address-forwarding"), service);
            assertEquals("true", profile.get("quarkus.http.proxy.allow-x-forwarded"), service);
            assertEquals("${TRUSTED_PROXIES}", profile.get("quarkus.http.proxy.trusted-proxies"), service);
            // one value for the three services, from one ConfigMap, required (no optional: true)
            Container container = overlay.get(Deployment.class, service)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .getFirst();
            var ref = container.getEnv().stream()
                    .filter(e -> e.getName().equals("TRUSTED_PROXIES"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(service + " is given no TRUSTED_PROXIES"))
                    .getValueFrom()
                    .getConfigMapKeyRef();
            assertEquals(
                    List.of(TRUSTED_PROXIES_CONFIG_MAP, "TRUSTED_PROXIES"),
                    List.of(ref.getName(), ref.getKey()),
                    service);
            assertNotEquals(Boolean.TRUE, ref.getOptional(), service + " does not start without it");
            assertFalse(
                    overlay.get(ConfigMap.class, service + "-config").getData().containsKey("TRUSTED_PROXIES"),
                    name + ": " + service + "-config would be a second place for it");
        }
        Optional<ConfigMap> trusted = overlay.named(ConfigMap.class, TRUSTED_PROXIES_CONFIG_MAP);
        if (name.equals("prod")) {
            assertFalse(
                    trusted.isPresent(), "prod has no default: the operator names its ingress controller's addresses");
            return;
        }
        for (String entry :
                trusted.orElseThrow().getData().get("TRUSTED_PROXIES").split(",")) {
            TrustedRange range = TrustedRange.parse(entry.trim());
            assertTrue(range.isPrivate(), name + " trusts " + entry + ", not a private network");
            assertTrue(
                    range.size().compareTo(MAX_TRUSTED_ADDRESSES) <= 0,
                    name + " trusts " + entry + ": " + range.size() + " addresses, more than " + MAX_TRUSTED_ADDRESSES);
        }
    }

    @Test
    void wideAndPublicTrustedRangesAreRefused() {
        assertEquals(
                BigInteger.valueOf(65536), TrustedRange.parse("10.244.0.0/16").size(), "kind's pod CIDR");
        assertEquals(MAX_TRUSTED_ADDRESSES, TrustedRange.parse("10.244.0.0/24").size());
        assertEquals(BigInteger.ONE, TrustedRange.parse("10.244.0.7").size(), "an address is a /32");
        assertEquals(
                BigInteger.ONE.shiftLeft(64), TrustedRange.parse("fd00::/64").size());
        assertTrue(TrustedRange.parse("fd00::/64").isPrivate());
        assertFalse(TrustedRange.parse("203.0.113.0/24").isPrivate());
        assertFalse(TrustedRange.parse("10.0.0.0/7").isPrivate(), "wider than 10/8");
        for (String notALiteral : List.of("ingress-nginx-controller", "10.0.0.0/33", "10.0.0.0/")) {
            assertThrows(IllegalArgumentException.class, () -> TrustedRange.parse(notALiteral), notALiteral);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void moreThanOneReplicaOnlyWhereThatIsSafe(String name) {
        Overlay overlay = Overlay.of(name);
        for (String service : SERVICES) {
            Deployment deployment = overlay.get(Deployment.class, service);
            Optional<HorizontalPodAutoscaler> hpa = overlay.named(HorizontalPodAutoscaler.class, service);
            int most = Math.max(
                    deployment.getSpec().getReplicas(),
                    hpa.map(h -> h.getSpec().getMaxReplicas()).orElse(0));
            int least = hpa.map(h -> h.getSpec().getMinReplicas())
                    .orElse(deployment.getSpec().getReplicas());
            if (most > 1) {
                // every volume a replica mounts must be mountable from several nodes at once
                for (var volume : deployment.getSpec().getTemplate().getSpec().getVolumes()) {
                    if (volume.getPersistentVolumeClaim() != null) {
                        List<String> modes = overlay.get(
                                        PersistentVolumeClaim.class,
                                        volume.getPersistentVolumeClaim().getClaimName())
                                .getSpec()
                                .getAccessModes();
                        assertTrue(
                                modes.contains("ReadWriteMany") || modes.contains("ReadOnlyMany"),
                                name + ": " + service + " may run " + most + " replicas but " + volume.getName()
                                        + " is " + modes);
                    }
                }
                IntOrString maxUnavailable =
                        deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable();
                assertTrue(
                        "0%".equals(maxUnavailable.getStrVal())
                                || Integer.valueOf(0).equals(maxUnavailable.getIntVal()),
                        service + " keeps every replica serving during a rollout");
            }
            if (least > 1) {
                PodDisruptionBudget budget = overlay.get(PodDisruptionBudget.class, service);
                assertTrue(
                        Connectivity.selects(
                                budget.getSpec().getSelector(),
                                deployment.getSpec().getTemplate().getMetadata().getLabels()),
                        service + "'s budget selects its pods");
                int minAvailable = budget.getSpec().getMinAvailable().getIntVal();
                assertTrue(
                        minAvailable >= 1 && minAvailable < least,
                        service + ": the budget leaves room for a node drain");
            } else {
                assertFalse(
                        overlay.named(PodDisruptionBudget.class, service).isPresent(),
                        name + ": a budget on a single replica would block every node drain");
            }
        }
    }

    @Test
    void devRunsOneReplicaOnReadWriteOnceAndProdScalesOnReadWriteMany() {
        Overlay dev = Overlay.of("dev");
        Overlay prod = Overlay.of("prod");
        assertEquals(
                List.of("ReadWriteOnce"),
                dev.get(PersistentVolumeClaim.class, "sync-photos").getSpec().getAccessModes());
        assertEquals(
                List.of("ReadWriteMany"),
                prod.get(PersistentVolumeClaim.class, "sync-photos").getSpec().getAccessModes());
        for (String service : SERVICES) {
            assertEquals(1, dev.get(Deployment.class, service).getSpec().getReplicas(), service);
            assertTrue(
                    prod.get(HorizontalPodAutoscaler.class, service).getSpec().getMinReplicas() >= 2, service);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceConnectsToItsOwnDatabaseWithItsOwnCredentials(String name) {
        Overlay overlay = Overlay.of(name);
        for (String service : SERVICES) {
            String db = service.replace("-service", "");
            String url =
                    overlay.get(ConfigMap.class, service + "-config").getData().get("DB_URL");
            assertEquals("jdbc:postgresql://" + db + "-db-rw:5432/" + db, url, service);
            Container container = overlay.get(Deployment.class, service)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .getFirst();
            for (String variable : List.of("DB_USER", "DB_PASSWORD")) {
                EnvVar env = container.getEnv().stream()
                        .filter(e -> e.getName().equals(variable))
                        .findFirst()
                        .orElseThrow();
                assertEquals(
                        db + "-db-app", env.getValueFrom().getSecretKeyRef().getName(), service + " " + variable);
            }
            Optional<CnpgCluster> cluster = overlay.all(CnpgCluster.class).stream()
                    .filter(c -> c.metadata().getName().equals(db + "-db"))
                    .findFirst();
            if (name.equals("prod")) {
                // the operator names the read-write Service <cluster>-rw and the Secret <cluster>-app
                assertEquals(
                        db, cluster.orElseThrow().spec().bootstrap().initdb().database(), service);
                assertEquals(
                        "true",
                        cluster.orElseThrow()
                                .spec()
                                .inheritedMetadata()
                                .labels()
                                .get("photosync.io/" + db + "-db"));
            } else {
                Service rw = overlay.get(Service.class, db + "-db-rw");
                StatefulSet postgres = overlay.get(StatefulSet.class, "dev-postgres");
                assertTrue(
                        Connectivity.selects(
                                new LabelSelector(null, rw.getSpec().getSelector()),
                                postgres.getSpec().getTemplate().getMetadata().getLabels()),
                        db + "-db-rw selects the dev PostgreSQL");
                String initScript = overlay.get(ConfigMap.class, "dev-postgres-initdb")
                        .getData()
                        .values()
                        .iterator()
                        .next();
                assertTrue(initScript.contains("for db in account sync audit;"), "the dev init script creates " + db);
                assertEquals(
                        db,
                        overlay.get(Secret.class, db + "-db-app")
                                .getStringData()
                                .get("username"));
            }
        }
    }

    /**
     * One entry of TRUSTED_PROXIES: an IP address (a /32 or /128) or a CIDR, as literals only (a host name
     * would be looked up when the service starts, and could name anything).
     */
    record TrustedRange(byte[] address, int prefix) {
        private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+(/[0-9]{1,3})?");

        static TrustedRange parse(String entry) {
            if (!LITERAL.matcher(entry).matches()) {
                throw new IllegalArgumentException("not an IP address or CIDR: " + entry);
            }
            String[] parts = entry.split("/");
            byte[] address;
            try {
                address = InetAddress.getByName(parts[0]).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(entry, e);
            }
            int prefix = parts.length == 1 ? address.length * 8 : Integer.parseInt(parts[1]);
            if (prefix > address.length * 8) {
                throw new IllegalArgumentException("prefix too long: " + entry);
            }
            return new TrustedRange(address, prefix);
        }

        BigInteger size() {
            return BigInteger.ONE.shiftLeft(address.length * 8 - prefix);
        }

        /** Inside 10/8, 172.16/12, 192.168/16 or fc00::/7, and not wider than its block. */
        boolean isPrivate() {
            record Block(String base, int prefix) {}
            List<Block> blocks = address.length == 4
                    ? List.of(new Block("10.0.0.0", 8), new Block("172.16.0.0", 12), new Block("192.168.0.0", 16))
                    : List.of(new Block("fc00::", 7));
            BigInteger value = new BigInteger(1, address);
            int bits = address.length * 8;
            for (Block block : blocks) {
                BigInteger base = new BigInteger(1, parse(block.base()).address());
                if (prefix >= block.prefix()
                        && value.shiftRight(bits - block.prefix()).equals(base.shiftRight(bits - block.prefix()))) {
                    return true;
                }
            }
            return false;
        }
    }
}
