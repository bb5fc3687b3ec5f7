package io.photosync.common.http;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The main class of every service. Quarkus checks each request target with {@link java.net.URI} before any route
 * runs and answers one it cannot parse with an empty 400; it reads {@code vertx.disableURIValidation} once, when its
 * HTTP recorder is loaded, so the switch must be set before Quarkus starts. The check itself is done instead by
 * {@link io.photosync.common.problem.HttpLayerProblems}, which answers with a problem body. (Tests set the same
 * property in the build's surefire configuration.)
 */
@QuarkusMain
public class ServiceMain {
    public static void main(String... args) {
        System.setProperty("vertx.disableURIValidation", "true");
        Quarkus.run(args);
    }
}
