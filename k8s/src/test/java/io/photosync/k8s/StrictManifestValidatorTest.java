package io.photosync.k8s;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The validator refuses what the API server would: each case is a real built document with one mistake. */
class StrictManifestValidatorTest {
    private final StrictManifestValidator validator = new StrictManifestValidator();

    @Test
    void acceptsTheBuiltDocumentUnchanged() {
        assertInstanceOf(Deployment.class, validator.validate(document("Deployment", "sync-service")));
    }

    @Test
    void refusesAMisspeltContainerField() {
        String message = refused("Deployment", "account-service", d -> {
            ObjectNode context = (ObjectNode) d.at("/spec/template/spec/containers/0/securityContext");
            context.set("readOnlyRootFileSystem", context.remove("readOnlyRootFilesystem"));
        });
        assertTrue(message.contains("readOnlyRootFileSystem"), message);
        assertTrue(message.contains("spec.template.spec.containers[0].securityContext"), message);
    }

    @Test
    void refusesAMisspeltSpecField() {
        String message = refused("Deployment", "audit-service", d -> ((ObjectNode) d.get("spec")).put("replica", 2));
        assertTrue(message.contains("\"replica\""), message);
    }

    @Test
    void refusesAMisspeltNetworkPolicyField() {
        String message = refused(
                "NetworkPolicy",
                "audit-service",
                d -> ((ObjectNode) d.get("spec")).set("ingres", ((ObjectNode) d.get("spec")).remove("ingress")));
        assertTrue(message.contains("ingres"), message);
    }

    @Test
    void refusesAStringWhereTheApiWantsAnInteger() {
        String message = refused("Deployment", "sync-service", d -> ((ObjectNode) d.get("spec")).put("replicas", "2"));
        assertTrue(message.contains("replicas"), message);
    }

    @Test
    void refusesAnUnquotedBooleanLabelValue() {
        String message = refused(
                "NetworkPolicy",
                "account-db",
                d -> ((ObjectNode) d.at("/spec/podSelector/matchLabels")).put("photosync.io/account-db", true));
        assertTrue(message.contains("matchLabels"), message);
    }

    @Test
    void refusesANonPercentStringInARollingUpdate() {
        String message = refused(
                "Deployment",
                "account-service",
                d -> ((ObjectNode) d.at("/spec/strategy/rollingUpdate")).put("maxUnavailable", "0"));
        assertTrue(message.contains("maxUnavailable"), message);
    }

    @Test
    void refusesASelectorThatMissesThePodTemplate() {
        String message = refused(
                "Deployment",
                "account-service",
                d -> ((ObjectNode) d.at("/spec/selector/matchLabels")).put("app.kubernetes.io/name", "other"));
        assertTrue(message.contains("does not select"), message);
    }

    @Test
    void refusesAnUnknownApiVersionOrKind() {
        String message =
                refused("Deployment", "account-service", d -> ((ObjectNode) d).put("apiVersion", "apps/v1beta1"));
        assertTrue(message.contains("apps/v1beta1"), message);
    }

    @Test
    void refusesAMisspeltCloudNativePgField() {
        String message = refused("Cluster", "audit-db", c -> {
            ObjectNode spec = (ObjectNode) c.get("spec");
            spec.set("enableSuperUserAccess", spec.remove("enableSuperuserAccess"));
        });
        assertTrue(message.contains("enableSuperUserAccess"), message);
    }

    @Test
    void refusesAValueOutsideACloudNativePgEnum() {
        String message = refused(
                "Cluster", "account-db", c -> ((ObjectNode) c.get("spec")).put("primaryUpdateStrategy", "automatic"));
        assertTrue(message.contains("automatic"), message);
    }

    @Test
    void refusesACloudNativePgClusterWithoutInstances() {
        String message = refused("Cluster", "sync-db", c -> ((ObjectNode) c.get("spec")).put("instances", 0));
        assertTrue(message.contains("instances"), message);
    }

    private String refused(String kind, String name, Consumer<JsonNode> mistake) {
        JsonNode document = document(kind, name);
        mistake.accept(document);
        return assertThrows(InvalidManifestException.class, () -> validator.validate(document))
                .getMessage();
    }

    /** A fresh copy of a document of the prod build. */
    private static JsonNode document(String kind, String name) {
        return Overlay.of("prod").documents().stream()
                .filter(d -> d.path("kind").asText().equals(kind)
                        && d.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow()
                .deepCopy();
    }
}
