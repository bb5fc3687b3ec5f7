package io.photosync.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One kustomize overlay built offline, with the kubectl (or kustomize) on PATH, and every
 * resulting document read strictly into its API type.
 */
record Overlay(String name, List<JsonNode> documents, List<Object> objects) {
    static final Path K8S_DIR = Path.of(System.getProperty("k8s.dir", ".")).toAbsolutePath();
    static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private static final Map<String, Overlay> BUILT = new ConcurrentHashMap<>();

    static Overlay of(String name) {
        return BUILT.computeIfAbsent(name, Overlay::build);
    }

    private static Overlay build(String name) {
        List<JsonNode> documents =
                readYaml(kustomize(K8S_DIR.resolve("overlays").resolve(name)));
        StrictManifestValidator validator = new StrictManifestValidator();
        List<Object> objects = documents.stream().map(validator::validate).toList();
        return new Overlay(name, documents, objects);
    }

    <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return named(type, name)
                .orElseThrow(() -> new AssertionError(this.name + " has no " + type.getSimpleName() + " " + name));
    }

    String namespace() {
        return all(io.fabric8.kubernetes.api.model.Namespace.class)
                .getFirst()
                .getMetadata()
                .getName();
    }

    static List<JsonNode> readYaml(String yaml) {
        try (JsonParser parser = YAML.createParser(yaml)) {
            List<JsonNode> documents = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(node -> {
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    documents.add(node);
                }
            });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** `kubectl kustomize DIR` (any kubectl since 1.14) or `kustomize build DIR`. */
    static String kustomize(Path dir) {
        List<String> command;
        if (onPath("kubectl")) {
            command = List.of("kubectl", "kustomize", dir.toString());
        } else if (onPath("kustomize")) {
            command = List.of("kustomize", "build", dir.toString());
        } else {
            throw new IllegalStateException("neither kubectl nor kustomize is on PATH: bin/test installs kubectl"
                    + " when it is missing (apt-get install kubernetes-client)");
        }
        try {
            Path stderr = Files.createTempFile("kustomize", ".err");
            Process process =
                    new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + Files.readString(stderr));
            }
            Files.delete(stderr);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String executable) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }
}
