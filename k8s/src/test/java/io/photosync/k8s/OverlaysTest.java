package io.photosync.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both overlays built with kustomize and every document read strictly (see {@link Overlay}); then what the deployment
 * promises.
 */
class OverlaysTest {
    static final List<String> SERVICES = List.of("account-service", "sync-service", "audit-service");
    static final String PART_OF = "app.kubernetes.io/part-of";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void buildsAndEveryDocumentIsAValidApiObject(String name) {
        Overlay overlay = Overlay.of(name);
        assertEquals(overlay.documents().size(), overlay.objects().size());
        for (String service : SERVICES) {
            overlay.get(Deployment.class, service);
            overlay.get(Service.class, service);
            overlay.get(ConfigMap.class, service + "-config");
            overlay.get(NetworkPolicy.class, service);
        }
        overlay.get(Ingress.class, "photosync");
        overlay.get(PersistentVolumeClaim.class, "sync-photos");
        for (JsonNode document : overlay.documents()) {
            assertEquals(
                    overlay.namespace(),
                    document.path("kind").asText().equals("Namespace")
                            ? document.path("metadata").path("name").asText()
                            : document.path("metadata").path("namespace").asText(),
                    "namespace of " + document.path("metadata"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everythingCarriesTheAppAndPartOfLabels(String name) {
        Overlay overlay = Overlay.of(name);
        for (Object object : overlay.objects()) {
            Map<String, String> labels = object instanceof CnpgCluster c
                    ? c.metadata().getLabels()
                    : ((HasMetadata) object).getMetadata().getLabels();
            assertLabelled(object.getClass().getSimpleName() + " " + nameOf(object), labels);
            if (object instanceof CnpgCluster c) {
                assertLabelled(
                        "pods of " + nameOf(c), c.spec().inheritedMetadata().labels());
            }
        }
        for (Workload workload : Workload.of(overlay)) {
            assertLabelled(
                    "pod template of " + workload,
                    workload.template().getMetadata().getLabels());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodIsLockedDown(String name) {
        Overlay overlay = Overlay.of(name);
        assertEquals(
                "restricted",
                overlay.all(Namespace.class)
                        .getFirst()
                        .getMetadata()
                        .getLabels()
                        .get("pod-security.kubernetes.io/enforce"),
                "the namespace enforces Pod Security 'restricted'");
        List<Workload> workloads = Workload.of(overlay);
        assertTrue(workloads.size() >= 4, "workloads: " + workloads);
        for (Workload workload : workloads) {
            PodSpec pod = workload.template().getSpec();
            PodSecurityContext podContext = pod.getSecurityContext();
            assertNotNull(podContext, workload + " has a pod securityContext");
            assertEquals(Boolean.TRUE, podContext.getRunAsNonRoot(), workload + " runAsNonRoot");
            assertNotNull(podContext.getRunAsUser(), workload + " runs as a numeric user");
            assertEquals("RuntimeDefault", podContext.getSeccompProfile().getType(), workload + " seccomp");
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), workload + " mounts no API token");
            assertFalse(Objects.requireNonNullElse(pod.getHostNetwork(), false), workload + " hostNetwork");
            for (Volume volume : pod.getVolumes()) {
                assertEquals(null, volume.getHostPath(), workload + " uses no hostPath");
            }
            List<Container> containers = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                containers.addAll(pod.getInitContainers());
            }
            for (Container container : containers) {
                String what = workload + " container " + container.getName();
                SecurityContext context = container.getSecurityContext();
                assertNotNull(context, what + " has a securityContext");
                assertEquals(Boolean.FALSE, context.getAllowPrivilegeEscalation(), what + " allowPrivilegeEscalation");
                assertEquals(Boolean.TRUE, context.getReadOnlyRootFilesystem(), what + " readOnlyRootFilesystem");
                assertFalse(Objects.requireNonNullElse(context.getPrivileged(), false), what + " privileged");
                assertEquals(List.of("ALL"), context.getCapabilities().getDrop(), what + " drops all capabilities");
                assertTrue(
                        context.getCapabilities().getAdd() == null
                                || context.getCapabilities().getAdd().isEmpty(),
                        what + " adds no capability");
                assertNotNull(container.getResources().getRequests().get("memory"), what + " memory request");
                assertNotNull(container.getResources().getLimits().get("memory"), what + " memory limit");
                VolumeMount tmp = container.getVolumeMounts().stream()
                        .filter(m -> m.getMountPath().equals("/tmp"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(what + " has no writable /tmp"));
                Volume tmpVolume = pod.getVolumes().stream()
                        .filter(v -> v.getName().equals(tmp.getName()))
                        .findFirst()
                        .orElseThrow();
                assertNotNull(tmpVolume.getEmptyDir(), what + ": /tmp is an emptyDir");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesProbeSmallRyeHealth(String name) {
        Overlay overlay = Overlay.of(name);
        for (String service : SERVICES) {
            Container container = overlay.get(Deployment.class, service)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .getFirst();
            assertEquals(
                    "/q/health/live", container.getLivenessProbe().getHttpGet().getPath());
            assertEquals(
                    "/q/health/ready",
                    container.getReadinessProbe().getHttpGet().getPath());
            assertEquals(
                    "/q/health/started",
                    container.getStartupProbe().getHttpGet().getPath());
            assertEquals(env(container, "QUARKUS_PROFILE"), "kubernetes", service + " runs the kubernetes profile");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theIngressRoutesOnlyTheApiAndProdOnlyOverTls(String name) {
        Ingress ingress = Overlay.of(name).get(Ingress.class, "photosync");
        for (var rule : ingress.getSpec().getRules()) {
            for (var path : rule.getHttp().getPaths()) {
                assertTrue(
                        path.getPath().matches("/(v1/[a-z/-]+|\\.well-known/openid-configuration|console)"),
                        "routed: " + path.getPath() + " (health, metrics and OpenAPI under /q stay inside)");
            }
            if (name.equals("prod")) {
                assertTrue(
                        ingress.getSpec().getTls().stream()
                                .anyMatch(tls -> tls.getHosts().contains(rule.getHost())),
                        rule.getHost() + " is served over TLS");
            }
        }
    }

    /**
     * Paths only services inside the cluster call: account-service's revocation feed (sync and audit poll it)
     * and its support API (audit-service alone calls it, docs/SUPPORT.md).
     */
    static final Set<String> IN_CLUSTER_ONLY = Set.of("/v1/revocations", "/v1/support");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theIngressRoutesEveryPathTheServicesServeToThemAndNothingElse(String name) {
        Ingress ingress = Overlay.of(name).get(Ingress.class, "photosync");
        Map<String, Set<String>> served = new java.util.HashMap<>();
        for (String service : SERVICES) {
            Set<String> paths = new HashSet<>(ResourcePaths.of(service));
            paths.addAll(ServiceConfiguration.of(service).oidcPaths());
            served.put(service, paths);
        }
        Set<String> routed = new HashSet<>();
        for (var rule : ingress.getSpec().getRules()) {
            for (var path : rule.getHttp().getPaths()) {
                String backend = path.getBackend().getService().getName();
                String prefix = path.getPath();
                Set<String> matched = new HashSet<>();
                for (String resource : served.getOrDefault(backend, Set.of())) {
                    boolean exact = resource.equals(prefix);
                    if (exact || (path.getPathType().equals("Prefix") && resource.startsWith(prefix + "/"))) {
                        matched.add(resource);
                    }
                }
                assertFalse(
                        matched.isEmpty(),
                        name + ": " + prefix + " is routed to " + backend + ", which serves nothing there");
                routed.addAll(matched);
            }
        }
        for (var entry : served.entrySet()) {
            for (String resource : entry.getValue()) {
                if (IN_CLUSTER_ONLY.stream().noneMatch(p -> resource.equals(p) || resource.startsWith(p + "/"))) {
                    assertTrue(
                            routed.contains(resource),
                            name + ": " + entry.getKey() + " serves " + resource
                                    + " but the Ingress does not route it");
                }
            }
        }
        assertTrue(served.get("account-service").contains("/v1/revocations"), "the in-cluster path exists");
        assertTrue(
                served.get("audit-service").contains("/v1/provenance/photos/{photoId}"),
                served.get("audit-service").toString());
        assertTrue(
                served.get("account-service").contains("/.well-known/openid-configuration"),
                served.get("account-service").toString());
        assertTrue(
                served.get("audit-service")
                        .containsAll(Set.of(
                                "/v1/me/access-log",
                                "/v1/cases/{id}/actions",
                                "/console/signed-in",
                                "/console/sign-out")),
                served.get("audit-service").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPoliciesLetEachPodTalkOnlyToWhatItNeeds(String name) {
        Overlay overlay = Overlay.of(name);
        NetworkPolicy defaultDeny = overlay.get(NetworkPolicy.class, "default-deny-all");
        assertTrue(
                Connectivity.selects(defaultDeny.getSpec().getPodSelector(), Map.of()),
                "default deny selects every pod");
        assertEquals(
                Set.of("Ingress", "Egress"), Set.copyOf(defaultDeny.getSpec().getPolicyTypes()));
        assertTrue(defaultDeny.getSpec().getIngress() == null
                || defaultDeny.getSpec().getIngress().isEmpty());
        assertTrue(defaultDeny.getSpec().getEgress() == null
                || defaultDeny.getSpec().getEgress().isEmpty());

        String ns = overlay.namespace();
        Connectivity net = new Connectivity(ns, overlay.all(NetworkPolicy.class));
        Connectivity.Pod account = servicePod(overlay, "account-service");
        Connectivity.Pod sync = servicePod(overlay, "sync-service");
        Connectivity.Pod audit = servicePod(overlay, "audit-service");
        Connectivity.Pod ingressController = new Connectivity.Pod(
                "ingress controller", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
        Connectivity.Pod otherPodHere = new Connectivity.Pod("another pod", ns, Map.of("app", "something-else"));
        Connectivity.Pod podElsewhere =
                new Connectivity.Pod("a pod elsewhere", "default", Map.of("app", "account-service"));
        Map<String, Connectivity.Pod> databases = databasePods(overlay);
        int accountPort = port(overlay, "account-service");
        int syncPort = port(overlay, "sync-service");
        int auditPort = port(overlay, "audit-service");

        // Open: both ends' policies allow it. Closed: the target's own policies refuse it, so it
        // stays closed whatever egress the source is given.
        record Expected(Connectivity.Pod from, Connectivity.Pod to, int port, boolean open) {}
        List<Expected> matrix = List.of(
                // the ingress controller reaches the public services; nothing else from outside
                new Expected(ingressController, account, accountPort, true),
                new Expected(ingressController, sync, syncPort, true),
                new Expected(ingressController, audit, auditPort, true),
                new Expected(podElsewhere, account, accountPort, false),
                new Expected(otherPodHere, account, accountPort, false),
                // audit-service's port: the two log sources and the ingress controller only
                new Expected(account, audit, auditPort, true),
                new Expected(sync, audit, auditPort, true),
                new Expected(otherPodHere, audit, auditPort, false),
                new Expected(podElsewhere, audit, auditPort, false),
                // sync-service and audit-service verify phones' tokens with account-service (JWKS,
                // revocation feed), not the other way round
                new Expected(sync, account, accountPort, true),
                new Expected(audit, account, accountPort, true),
                new Expected(account, sync, syncPort, false),
                new Expected(audit, sync, syncPort, false),
                new Expected(otherPodHere, sync, syncPort, false));
        for (Expected expected : matrix) {
            boolean open = expected.open()
                    ? net.allowed(expected.from(), expected.to(), expected.port())
                    : net.admits(expected.to(), expected.from(), expected.port());
            assertEquals(
                    expected.open(),
                    open,
                    name + ": " + expected.from().name() + " -> "
                            + expected.to().name() + ":" + expected.port());
        }
        // each service reaches its own database, nothing else reaches any database
        Map<String, Connectivity.Pod> owners = Map.of("account", account, "sync", sync, "audit", audit);
        for (var database : databases.entrySet()) {
            for (var owner : owners.entrySet()) {
                boolean own = database.getKey().equals(owner.getKey());
                boolean shared = database.getValue()
                        .labels()
                        .keySet()
                        .containsAll(
                                Set.of("photosync.io/account-db", "photosync.io/sync-db", "photosync.io/audit-db"));
                assertEquals(
                        own || shared,
                        net.allowed(owner.getValue(), database.getValue(), 5432),
                        owner.getKey() + "-service -> " + database.getValue().name());
                assertEquals(
                        own || shared,
                        net.admits(database.getValue(), owner.getValue(), 5432),
                        database.getValue().name() + " admits " + owner.getKey() + "-service");
            }
            assertFalse(
                    net.admits(database.getValue(), otherPodHere, 5432),
                    "stranger -> " + database.getValue().name());
            assertFalse(
                    net.admits(database.getValue(), ingressController, 5432),
                    "ingress -> " + database.getValue().name());
        }
        // services open nothing else: no egress to arbitrary pods or ports
        assertFalse(net.allowed(account, otherPodHere, 8080));
        assertFalse(net.allowed(sync, otherPodHere, 443));
        assertFalse(net.allowed(otherPodHere, otherPodHere, 8080), "unlisted pods are isolated both ways");
    }

    /**
     * Egress out of the cluster (an ipBlock, or a rule open to every destination): audit-service to the staff
     * identity provider on the port of AUDIT_STAFF_OIDC_URL, at addresses the overlay names; nothing else.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyAuditServiceLeavesTheClusterAndOnlyForTheStaffIdentityProvider(String name) {
        Overlay overlay = Overlay.of(name);
        URI idp = URI.create(
                overlay.get(ConfigMap.class, "audit-service-config").getData().get("AUDIT_STAFF_OIDC_URL"));
        if (name.equals("prod")) {
            assertEquals("https", idp.getScheme(), "prod signs staff in over TLS only");
        }
        int idpPort = idp.getPort() != -1 ? idp.getPort() : idp.getScheme().equals("https") ? 443 : 80;
        for (String service : SERVICES) {
            Map<String, String> labels = overlay.get(Deployment.class, service)
                    .getSpec()
                    .getTemplate()
                    .getMetadata()
                    .getLabels();
            List<NetworkPolicyEgressRule> outside = overlay.all(NetworkPolicy.class).stream()
                    .filter(policy -> policy.getSpec().getPolicyTypes().contains("Egress"))
                    .filter(policy -> Connectivity.selects(policy.getSpec().getPodSelector(), labels))
                    .flatMap(policy ->
                            Objects.requireNonNullElse(policy.getSpec().getEgress(), List.<NetworkPolicyEgressRule>of())
                                    .stream())
                    .filter(rule -> rule.getTo() == null
                            || rule.getTo().isEmpty()
                            || rule.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null))
                    .toList();
            if (!service.equals("audit-service")) {
                assertEquals(List.of(), outside, name + ": " + service + " has no egress outside the cluster");
                continue;
            }
            assertEquals(
                    1,
                    outside.size(),
                    name + ": audit-service leaves the cluster for the staff identity provider only");
            NetworkPolicyEgressRule rule = outside.getFirst();
            assertEquals(
                    List.of(idpPort),
                    rule.getPorts().stream().map(p -> p.getPort().getIntVal()).toList(),
                    name + ": the port of " + idp);
            assertFalse(rule.getTo().isEmpty(), name + ": named addresses, not every destination");
            for (var peer : rule.getTo()) {
                assertNotNull(peer.getIpBlock(), name + ": only the provider's addresses: " + peer);
                assertFalse(
                        peer.getIpBlock().getCidr().endsWith("/0"),
                        name + ": " + peer.getIpBlock().getCidr() + " is everywhere");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyReferenceResolves(String name) {
        Overlay overlay = Overlay.of(name);
        Set<String> secrets = names(overlay.all(Secret.class));
        if (name.equals("prod")) {
            // created beside the overlay (k8s/README.md): MakeSecrets' three, TLS, GeoIP account, the staff
            // identity provider's client secret
            secrets.addAll(Set.of(
                    "account-service-config-creds",
                    "sync-service-config-creds",
                    "audit-service-config-creds",
                    "photosync-tls",
                    "geoipupdate-creds",
                    "audit-service-staff-oidc"));
            overlay.all(CnpgCluster.class).forEach(c -> secrets.add(c.metadata().getName() + "-app"));
        }
        Set<String> configMaps = names(overlay.all(ConfigMap.class));
        if (name.equals("prod")) {
            // made beside the overlay with the ingress controller's addresses (k8s/README.md)
            configMaps.add(DeploymentConfigurationTest.TRUSTED_PROXIES_CONFIG_MAP);
        }
        Set<String> claims = names(overlay.all(PersistentVolumeClaim.class));
        Set<String> services = names(overlay.all(Service.class));
        overlay.all(CnpgCluster.class).forEach(c -> services.add(c.metadata().getName() + "-rw"));
        for (Workload workload : Workload.of(overlay)) {
            PodSpec pod = workload.template().getSpec();
            for (Volume volume : pod.getVolumes()) {
                if (volume.getPersistentVolumeClaim() != null) {
                    assertIn(claims, volume.getPersistentVolumeClaim().getClaimName(), workload);
                }
                if (volume.getConfigMap() != null) {
                    assertIn(configMaps, volume.getConfigMap().getName(), workload);
                }
                if (volume.getSecret() != null) {
                    assertIn(secrets, volume.getSecret().getSecretName(), workload);
                }
            }
            for (Container container : pod.getContainers()) {
                for (EnvFromSource source :
                        Objects.requireNonNullElse(container.getEnvFrom(), List.<EnvFromSource>of())) {
                    if (source.getConfigMapRef() != null) {
                        assertIn(configMaps, source.getConfigMapRef().getName(), workload);
                    }
                    if (source.getSecretRef() != null) {
                        assertIn(secrets, source.getSecretRef().getName(), workload);
                    }
                }
                for (EnvVar env : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
                    var valueFrom = env.getValueFrom();
                    if (valueFrom != null && valueFrom.getSecretKeyRef() != null) {
                        var ref = valueFrom.getSecretKeyRef();
                        assertKeyIn(
                                secrets,
                                overlay.named(Secret.class, ref.getName()).map(Secret::getStringData),
                                ref.getName(),
                                ref.getKey(),
                                workload);
                    }
                    if (valueFrom != null && valueFrom.getConfigMapKeyRef() != null) {
                        var ref = valueFrom.getConfigMapKeyRef();
                        assertKeyIn(
                                configMaps,
                                overlay.named(ConfigMap.class, ref.getName()).map(ConfigMap::getData),
                                ref.getName(),
                                ref.getKey(),
                                workload);
                    }
                }
            }
        }
        for (var rule : overlay.get(Ingress.class, "photosync").getSpec().getRules()) {
            for (var path : rule.getHttp().getPaths()) {
                String backend = path.getBackend().getService().getName();
                assertIn(services, backend, "Ingress path " + path.getPath());
                assertTrue(overlay.get(Service.class, backend).getSpec().getPorts().stream()
                        .anyMatch(p -> p.getName()
                                .equals(path.getBackend().getService().getPort().getName())));
            }
        }
        for (String service : SERVICES) {
            Deployment deployment = overlay.get(Deployment.class, service);
            Map<String, String> selector =
                    overlay.get(Service.class, service).getSpec().getSelector();
            assertTrue(
                    deployment
                            .getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getLabels()
                            .entrySet()
                            .containsAll(selector.entrySet()),
                    "Service " + service + " selects its pods");
            assertTrue(deployment
                    .getSpec()
                    .getSelector()
                    .getMatchLabels()
                    .entrySet()
                    .containsAll(Map.of(PART_OF, "photosync").entrySet()));
            for (HorizontalPodAutoscaler hpa : overlay.all(HorizontalPodAutoscaler.class)) {
                assertIn(
                        names(overlay.all(Deployment.class)),
                        hpa.getSpec().getScaleTargetRef().getName(),
                        "HPA");
            }
        }
    }

    private static Connectivity.Pod servicePod(Overlay overlay, String service) {
        return new Connectivity.Pod(
                service,
                overlay.namespace(),
                overlay.get(Deployment.class, service)
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels());
    }

    /** The pods that hold the databases: the dev StatefulSet, or each CloudNativePG cluster's instances. */
    private static Map<String, Connectivity.Pod> databasePods(Overlay overlay) {
        Map<String, Connectivity.Pod> pods = new java.util.TreeMap<>();
        for (CnpgCluster cluster : overlay.all(CnpgCluster.class)) {
            Map<String, String> labels =
                    new java.util.HashMap<>(cluster.spec().inheritedMetadata().labels());
            labels.put("cnpg.io/cluster", cluster.metadata().getName());
            labels.put("cnpg.io/podRole", "instance");
            String db = cluster.metadata().getName().replace("-db", "");
            pods.put(db, new Connectivity.Pod(cluster.metadata().getName(), overlay.namespace(), labels));
        }
        for (Workload workload : Workload.of(overlay)) {
            if (workload.kind().equals("StatefulSet")) {
                pods.put(
                        "shared",
                        new Connectivity.Pod(
                                workload.name(),
                                overlay.namespace(),
                                workload.template().getMetadata().getLabels()));
            }
        }
        assertFalse(pods.isEmpty(), "the overlay has databases");
        return pods;
    }

    private static int port(Overlay overlay, String service) {
        return overlay.get(Deployment.class, service)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getPorts()
                .getFirst()
                .getContainerPort();
    }

    static String env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElse(null);
    }

    private static void assertLabelled(String what, Map<String, String> labels) {
        assertNotNull(labels, what + " has labels");
        assertTrue(labels.containsKey("app") && !labels.get("app").isBlank(), what + " has an app label: " + labels);
        assertEquals("photosync", labels.get(PART_OF), what + " is part of photosync");
    }

    private static String nameOf(Object object) {
        return object instanceof CnpgCluster c
                ? c.metadata().getName()
                : ((HasMetadata) object).getMetadata().getName();
    }

    static Set<String> names(List<? extends HasMetadata> objects) {
        Set<String> names = new HashSet<>();
        objects.forEach(o -> names.add(o.getMetadata().getName()));
        return names;
    }

    /** A key reference: the object exists (or is documented), and holds the key when the overlay has it. */
    private static void assertKeyIn(
            Set<String> names, Optional<Map<String, String>> data, String name, String key, Object where) {
        assertIn(names, name, where);
        data.ifPresent(d -> assertTrue(d.containsKey(key), where + ": " + name + " holds " + key));
    }

    private static void assertIn(Set<String> names, String name, Object where) {
        if (!names.contains(name)) {
            fail(where + " refers to " + name + ", which the overlay neither has nor documents (have: " + names + ")");
        }
    }
}
