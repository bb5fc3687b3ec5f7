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
     * The service's own keys (not {@code quarkus.*}) that neither its code nor the code it runs
     * declares, and that no other value refers to as {@code ${key}}: settings nothing reads.
     */
    Set<String> keysNothingReads() {
        String code = sourceCode();
        Set<String> referenced = new TreeSet<>();
        properties.values().forEach(value -> KEY_REFERENCE.matcher(value).results().forEach(m -> referenced.add(m.group(1))));
        Set<String> unread = new TreeSet<>();
        for (String key : properties.keySet()) {
            if (!key.startsWith("quarkus.") && !referenced.contains(key) && !DeclaredKeys.declares(code, key)) {
                unread.add(key);
            }
        }
        return unread;
    }

    private String sourceCode() {
        StringBuilder code = new StringBuilder();
        for (String module : Stream.concat(Stream.of(service), SHARED_MODULES.stream()).toList()) {
            Path sources = Overlay.K8S_DIR.resolveSibling(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    code.append("\n//FILE ").append(file.getFileName()).append('\n').append(Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return code.toString();
    }

    /**
     * How the code declares configuration: {@code @ConfigProperty(name = "k")}, {@code @IfBuildProperty(name = "k")},
     * {@code ${k:...}} in an annotation, or a {@code @ConfigMapping(prefix = "p")} interface file with a
     * method for every further segment (the segment after a {@code Map<String, ...>} method is a map key).
     */
    static final class DeclaredKeys {
        private DeclaredKeys() {
        }

        static boolean declares(String code, String key) {
            if (code.contains("name = \"" + key + "\"") || code.contains("${" + key + ":") || code.contains("${" + key + "}")) {
                return true;
            }
            for (String file : code.split("\n//FILE ")) {
                Matcher mapping = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)").matcher(file);
                if (mapping.find() && key.startsWith(mapping.group(1) + ".")
                        && mapped(file, key.substring(mapping.group(1).length() + 1).split("\\."))) {
                    return true;
                }
            }
            return false;
        }

        private static boolean mapped(String file, String[] segments) {
            for (int i = 0; i < segments.length; i++) {
                String method = camel(segments[i]);
                if (Pattern.compile("\\bMap<String, \\w+> " + method + "\\(\\)").matcher(file).find()) {
                    i++; // the next segment is the map key
                } else if (!Pattern.compile("\\b" + method + "\\(\\);").matcher(file).find()) {
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
