package io.photosync.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A service's configuration as the {@code kubernetes} profile sees it: its
 * {@code application.properties}, overridden by {@code %prod.} keys (the profile's parent), overridden by
 * {@code application-kubernetes.properties}.
 */
record ServiceConfiguration(String service, Map<String, String> properties) {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    private static final Pattern OIDC_PATH =
            Pattern.compile("quarkus\\.oidc\\.([a-z0-9-]+\\.)?(authentication\\.redirect-path|logout\\.path)");
    private static final Pattern KEY_REFERENCE = Pattern.compile("\\$\\{([a-z][a-z0-9.-]*)[:}]");
    /** The modules whose code a service runs, besides its own. */
    private static final List<String> SHARED_MODULES = List.of("common", "device-auth");

    static ServiceConfiguration of(String service) {
        Path resources = Overlay.K8S_DIR.resolveSibling(service).resolve("src/main/resources");
        Properties base = load(resources.resolve("application.properties"));
        Properties profile = load(resources.resolve("application-kubernetes.properties"));
        Map<String, String> effective = new TreeMap<>();
        for (String key : base.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                effective.put(key, base.getProperty(key));
            }
        }
        for (String key : base.stringPropertyNames()) {
            if (key.startsWith("%prod.")) {
                effective.put(key.substring("%prod.".length()), base.getProperty(key));
            }
        }
        profile.stringPropertyNames().forEach(key -> effective.put(key, profile.getProperty(key)));
        return new ServiceConfiguration(service, effective);
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    String get(String key) {
        return properties.get(key);
    }

    /** Environment variables the configuration reads; {@code required} ones have no default. */
    Set<String> environmentVariables(boolean requiredOnly) {
        Set<String> names = new TreeSet<>();
        for (String value : properties.values()) {
            Matcher matcher = ENV_REFERENCE.matcher(value);
            while (matcher.find()) {
                if (!requiredOnly || matcher.group(2) == null) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    /**
     * The paths quarkus-oidc itself serves, beside the JAX-RS resources: each tenant's code-flow redirect
     * path (it takes the code there) and its logout path (it starts the sign-out there).
     */
    Set<String> oidcPaths() {
        Set<String> paths = new TreeSet<>();
        properties.forEach((key, value) -> {
            if (OIDC_PATH.matcher(key).matches()) {
                paths.add(value);
            }
        });
        return paths;
    }

    /**
     * The service's own keys (not {@code quarkus.*}) that would stop it or do nothing: under the
     * prefix of one of its {@code @ConfigMapping} interfaces without being a member (SmallRye Config
     * refuses them at start, SRCFG00050, unless {@code smallrye.config.mapping.validate-unknown=false}),
     * or read by no code and referred to by no other value as {@code ${key}}.
     */
    Set<String> misplacedKeys() {
        String code = sourceCode();
        boolean validateUnknown = !"false".equals(properties.get("smallrye.config.mapping.validate-unknown"));
        Set<String> referenced = new TreeSet<>();
        properties
                .values()
                .forEach(value -> KEY_REFERENCE.matcher(value).results().forEach(m -> referenced.add(m.group(1))));
        Set<String> misplaced = new TreeSet<>();
        for (String key : properties.keySet()) {
            if (key.startsWith("quarkus.") || key.startsWith("smallrye.config.")) {
                continue;
            }
            DeclaredKeys.Mapping mapping = DeclaredKeys.mappingOf(code, key);
            boolean member = mapping == DeclaredKeys.Mapping.MEMBER;
            boolean refused = mapping == DeclaredKeys.Mapping.UNKNOWN_UNDER_ROOT && validateUnknown;
            boolean read = member || referenced.contains(key) || DeclaredKeys.readOutsideMappings(code, key);
            if (refused || !read) {
                misplaced.add(key);
            }
        }
        return misplaced;
    }

    private String sourceCode() {
        StringBuilder code = new StringBuilder();
        for (String module :
                Stream.concat(Stream.of(service), SHARED_MODULES.stream()).toList()) {
            Path sources = Overlay.K8S_DIR.resolveSibling(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    code.append("\n//FILE ")
                            .append(file.getFileName())
                            .append('\n')
                            .append(Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return code.toString();
    }

    /**
     * How the code declares configuration: {@code @ConfigMapping(prefix = "p")} interface files with a
     * method for every further segment (the segment after a {@code Map<String, ...>} method is a map
     * key); outside mappings {@code @ConfigProperty(name = "k")}, {@code @IfBuildProperty(name = "k")}
     * or {@code ${k:...}} in an annotation.
     */
    static final class DeclaredKeys {
        enum Mapping {
            MEMBER,
            UNKNOWN_UNDER_ROOT,
            NO_ROOT
        }

        private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");

        private DeclaredKeys() {}

        static Mapping mappingOf(String code, String key) {
            Mapping result = Mapping.NO_ROOT;
            for (String file : code.split("\n//FILE ")) {
                Matcher mapping = MAPPING.matcher(file);
                if (mapping.find() && key.startsWith(mapping.group(1) + ".")) {
                    if (mapped(
                            file, key.substring(mapping.group(1).length() + 1).split("\\."))) {
                        return Mapping.MEMBER;
                    }
                    result = Mapping.UNKNOWN_UNDER_ROOT;
                }
            }
            return result;
        }

        static boolean readOutsideMappings(String code, String key) {
            return code.contains("name = \"" + key + "\"")
                    || code.contains("${" + key + ":")
                    || code.contains("${" + key + "}");
        }

        private static boolean mapped(String file, String[] segments) {
            for (int i = 0; i < segments.length; i++) {
                String method = camel(segments[i]);
                if (Pattern.compile("\\bMap<String, \\w+> " + method + "\\(\\)")
                        .matcher(file)
                        .find()) {
                    i++; // the next segment is the map key
                } else if (!Pattern.compile("\\b" + method + "\\(\\);")
                        .matcher(file)
                        .find()) {
                    return false;
                }
            }
            return true;
        }

        private static String camel(String segment) {
            StringBuilder out = new StringBuilder();
            boolean upper = false;
            for (char c : segment.toCharArray()) {
                if (c == '-') {
                    upper = true;
                } else {
                    out.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return out.toString();
        }
    }
}
