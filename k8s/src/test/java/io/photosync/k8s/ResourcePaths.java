package io.photosync.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The HTTP paths a service's JAX-RS resources serve: each class's {@code @Path} joined with its methods'. */
final class ResourcePaths {
    private static final Pattern PATH = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
    private static final Pattern CLASS = Pattern.compile("\\bclass \\w+");
    private static final Pattern HTTP_METHOD = Pattern.compile("@(GET|POST|PUT|DELETE|PATCH|HEAD)\\b");

    private ResourcePaths() {}

    static Set<String> of(String service) {
        Set<String> paths = new TreeSet<>();
        try (Stream<Path> files =
                Files.walk(Overlay.K8S_DIR.resolveSibling(service).resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                Matcher type = CLASS.matcher(code);
                if (!type.find()) {
                    continue;
                }
                Matcher classPath = PATH.matcher(code.substring(0, type.start()));
                if (classPath.find()) {
                    endpoints(classPath.group(1), code.substring(type.end()), paths);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    /**
     * Each method annotated with an HTTP method is an endpoint at the class path plus its own {@code @Path}, if any.
     */
    private static void endpoints(String classPath, String body, Set<String> paths) {
        StringBuilder annotations = new StringBuilder();
        for (String line : body.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("@")) {
                annotations.append(trimmed).append('\n');
            } else if (!trimmed.isEmpty()
                    && !trimmed.startsWith("//")
                    && !trimmed.startsWith("*")
                    && !trimmed.startsWith("/*")) {
                if (HTTP_METHOD.matcher(annotations).find()) {
                    Matcher sub = PATH.matcher(annotations);
                    paths.add(join(classPath, sub.find() ? sub.group(1) : ""));
                }
                annotations.setLength(0);
            }
        }
    }

    private static String join(String base, String sub) {
        String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
