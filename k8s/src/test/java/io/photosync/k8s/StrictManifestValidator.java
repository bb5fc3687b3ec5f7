package io.photosync.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a manifest into the real Kubernetes API type of its apiVersion and kind (fabric8's
 * generated model) and refuses what the API server would refuse as malformed: a field the type
 * does not have (fabric8's catch-all additionalProperties is switched off), a value of the wrong
 * JSON type (no scalar coercion: {@code replicas: "2"} or an unquoted {@code true} label fail),
 * an unknown kind. CloudNativePG's Cluster is read into {@link CnpgCluster}, a strict model of
 * the CRD's fields this suite uses. A few rules the API server's validation adds on top of the
 * types are checked too: percent-or-integer fields, selectors matching the pod template, names.
 */
final class StrictManifestValidator {
    private static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", CnpgCluster.class));
    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern PERCENT = Pattern.compile("\\d+%");

    private final JsonMapper mapper = strictMapper();

    /** The document as its API type; throws {@link InvalidManifestException} saying where it is wrong. */
    Object validate(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        String name = document.path("metadata").path("name").asText();
        String what = kind + " " + name;
        Class<?> type = TYPES.get(apiVersion + "/" + kind);
        if (type == null) {
            throw new InvalidManifestException(what + ": no known API type for apiVersion " + apiVersion + " kind "
                    + kind + " (known: " + TYPES.keySet().stream().sorted().collect(Collectors.joining(", ")) + ")");
        }
        if (!DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            throw new InvalidManifestException(what + ": metadata.name is not a DNS-1123 name");
        }
        Object typed;
        try {
            typed = mapper.treeToValue(document, type);
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(
                    what + ": " + e.getOriginalMessage().lines().findFirst().orElse("")
                            + (e instanceof JsonMappingException m ? " at " + path(m) : ""),
                    e);
        }
        checkRules(what, typed);
        return typed;
    }

    private static void checkRules(String what, Object typed) {
        switch (typed) {
            case Deployment d -> {
                if (d.getSpec().getStrategy() != null
                        && d.getSpec().getStrategy().getRollingUpdate() != null) {
                    percentOrInt(
                            what,
                            "spec.strategy.rollingUpdate.maxSurge",
                            d.getSpec().getStrategy().getRollingUpdate().getMaxSurge());
                    percentOrInt(
                            what,
                            "spec.strategy.rollingUpdate.maxUnavailable",
                            d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable());
                }
                selectorMatchesTemplate(
                        what,
                        d.getSpec().getSelector().getMatchLabels(),
                        d.getSpec().getTemplate());
            }
            case StatefulSet s ->
                selectorMatchesTemplate(
                        what,
                        s.getSpec().getSelector().getMatchLabels(),
                        s.getSpec().getTemplate());
            case CronJob c ->
                podTemplate(what, c.getSpec().getJobTemplate().getSpec().getTemplate());
            case PodDisruptionBudget p -> {
                percentOrInt(what, "spec.minAvailable", p.getSpec().getMinAvailable());
                percentOrInt(what, "spec.maxUnavailable", p.getSpec().getMaxUnavailable());
            }
            case CnpgCluster c -> c.check(what);
            default -> {}
        }
    }

    private static void selectorMatchesTemplate(String what, Map<String, String> selector, PodTemplateSpec template) {
        Map<String, String> labels = template.getMetadata().getLabels();
        if (selector == null || selector.isEmpty() || !labels.entrySet().containsAll(selector.entrySet())) {
            throw new InvalidManifestException(
                    what + ": spec.selector " + selector + " does not select the pod template's labels " + labels);
        }
        podTemplate(what, template);
    }

    private static void podTemplate(String what, PodTemplateSpec template) {
        if (template.getSpec().getContainers() == null
                || template.getSpec().getContainers().isEmpty()) {
            throw new InvalidManifestException(what + ": the pod template has no containers");
        }
        for (Container container : template.getSpec().getContainers()) {
            if (container.getName() == null || container.getImage() == null) {
                throw new InvalidManifestException(what + ": a container needs a name and an image");
            }
        }
    }

    /** The API server takes an integer or a string "N%" here, nothing else. */
    private static void percentOrInt(String what, String field, IntOrString value) {
        if (value != null
                && value.getStrVal() != null
                && !PERCENT.matcher(value.getStrVal()).matches()) {
            throw new InvalidManifestException(what + ": " + field + " is the string \"" + value.getStrVal()
                    + "\"; it must be an integer or a percentage like \"25%\"");
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static JsonMapper strictMapper() {
        SimpleModule noCatchAll = new SimpleModule("no-additional-properties");
        noCatchAll.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(
                    DeserializationConfig config, BeanDescription description, BeanDeserializerBuilder builder) {
                builder.setAnySetter(null);
                return builder;
            }
        });
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(noCatchAll)
                .build();
        for (CoercionInputShape shape : new CoercionInputShape[] {
            CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
        }) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }
}
