package io.photosync.k8s;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

/**
 * CloudNativePG's {@code Cluster} (postgresql.cnpg.io/v1), the part of its CRD schema this suite
 * uses, with the CRD's field names, types and enums: read strictly, a field outside this subset
 * fails, so adding one to the manifests means adding it here from the CRD (see k8s/README.md).
 */
record CnpgCluster(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public record Spec(
            Integer instances,
            String imageName,
            PrimaryUpdateStrategy primaryUpdateStrategy,
            PrimaryUpdateMethod primaryUpdateMethod,
            Boolean enableSuperuserAccess,
            InheritedMetadata inheritedMetadata,
            Bootstrap bootstrap,
            Storage storage,
            Storage walStorage,
            ResourceRequirements resources,
            Affinity affinity,
            Postgresql postgresql) {}

    public enum PrimaryUpdateStrategy {
        @JsonProperty("unsupervised")
        UNSUPERVISED,
        @JsonProperty("supervised")
        SUPERVISED
    }

    public enum PrimaryUpdateMethod {
        @JsonProperty("switchover")
        SWITCHOVER,
        @JsonProperty("restart")
        RESTART
    }

    public record InheritedMetadata(Map<String, String> labels, Map<String, String> annotations) {}

    public record Bootstrap(InitDb initdb) {}

    public record InitDb(String database, String owner, LocalObjectReference secret) {}

    public record LocalObjectReference(String name) {}

    public record Storage(Quantity size, String storageClass, Boolean resizeInUseVolumes) {}

    public record Affinity(
            Boolean enablePodAntiAffinity, String topologyKey, PodAntiAffinityType podAntiAffinityType) {}

    public enum PodAntiAffinityType {
        @JsonProperty("preferred")
        PREFERRED,
        @JsonProperty("required")
        REQUIRED
    }

    public record Postgresql(Map<String, String> parameters) {}

    /** The CRD's required fields and bounds for what is modelled here. */
    void check(String what) {
        if (spec == null || spec.instances() == null || spec.instances() < 1) {
            throw new InvalidManifestException(what + ": spec.instances must be at least 1");
        }
        if (spec.storage() == null || spec.storage().size() == null) {
            throw new InvalidManifestException(what + ": spec.storage.size is required");
        }
        InitDb initdb = spec.bootstrap() == null ? null : spec.bootstrap().initdb();
        if (initdb != null && (initdb.database() == null) != (initdb.owner() == null)) {
            throw new InvalidManifestException(what + ": bootstrap.initdb needs database and owner together");
        }
    }
}
