package io.photosync.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's src/main/resources/application-kubernetes.properties: the kubernetes profile. */
record ServiceConfiguration(String service, Properties properties) {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");

    static ServiceConfiguration of(String service) {
        Path file = Overlay.K8S_DIR.resolveSibling(service).resolve("src/main/resources/application-kubernetes.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceConfiguration(service, properties);
    }

    String get(String key) {
        return properties.getProperty(key);
    }

    /** Environment variables the profile reads; {@code required} ones have no default. */
    Set<String> environmentVariables(boolean requiredOnly) {
        Set<String> names = new TreeSet<>();
        for (String value : properties.stringPropertyNames().stream().map(properties::getProperty).toList()) {
            Matcher matcher = ENV_REFERENCE.matcher(value);
            while (matcher.find()) {
                if (!requiredOnly || matcher.group(2) == null) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }
}
