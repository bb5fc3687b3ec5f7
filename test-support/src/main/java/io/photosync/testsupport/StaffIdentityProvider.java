package io.photosync.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The staff identity provider of the tests (docs/SUPPORT.md): the Keycloak of {@code keycloak/}, realm
 * {@code photosync-staff}, on {@code localhost} at the port {@code photosync.keycloak.port} (system property),
 * else {@code KEYCLOAK_PORT} (environment), else 8180 — where {@code bin/env.sh}'s {@code ensure_keycloak} starts it.
 * {@link #ensureRunning()} runs that same shell function, so a single Maven test run also works.
 */
public final class StaffIdentityProvider {
    public static final String REALM = "photosync-staff";
    /**
     * The support console's client, confidential; its secret is a test-only value of
     * keycloak/photosync-staff-realm.json.
     */
    public static final String CLIENT_ID = "support-console";

    public static final String CLIENT_SECRET = "support-console-test-secret";

    private StaffIdentityProvider() {}

    public static int port() {
        String port =
                System.getProperty("photosync.keycloak.port", System.getenv().getOrDefault("KEYCLOAK_PORT", "8180"));
        return Integer.parseInt(port);
    }

    /** {@code http://localhost:<port>/realms/photosync-staff}: the issuer of the realm's tokens. */
    public static URI realmUrl() {
        return URI.create("http://localhost:" + port() + "/realms/" + REALM);
    }

    public static URI discoveryUrl() {
        return URI.create(realmUrl() + "/.well-known/openid-configuration");
    }

    public static URI authorizationEndpoint() {
        return URI.create(realmUrl() + "/protocol/openid-connect/auth");
    }

    public static URI tokenEndpoint() {
        return URI.create(realmUrl() + "/protocol/openid-connect/token");
    }

    public static URI jwksUri() {
        return URI.create(realmUrl() + "/protocol/openid-connect/certs");
    }

    /**
     * Makes sure Keycloak serves the realm as keycloak/photosync-staff-realm.json has it: runs
     * {@code . bin/env.sh && ensure_keycloak} in the repository (found by walking up from the working
     * directory), which starts Keycloak when nothing answers and re-imports a changed realm file. Keycloak
     * stays running after the tests. Outside the repository a Keycloak already serving the realm is used as it is.
     */
    public static synchronized void ensureRunning() {
        Path root = repositoryRoot();
        if (root == null) {
            if (answers()) {
                return;
            }
            throw new IllegalStateException(
                    "nothing serves " + discoveryUrl() + " and no repository with bin/env.sh above "
                            + Path.of("").toAbsolutePath() + " to start Keycloak from");
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", ". bin/env.sh && ensure_keycloak")
                .directory(root.toFile())
                .redirectErrorStream(true);
        builder.environment().put("KEYCLOAK_PORT", Integer.toString(port()));
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        try {
            Process process = builder.start();
            // Keycloak itself writes to .run/keycloak.log, so this ends when the script does.
            try (BufferedReader output = process.inputReader()) {
                output.lines().forEach(line -> System.out.println("ensure_keycloak: " + line));
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(
                        "ensure_keycloak failed (exit " + exit + "); see " + root.resolve(".run/keycloak.log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run bash for ensure_keycloak: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Keycloak", e);
        }
    }

    private static boolean answers() {
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return http.send(
                                    HttpRequest.newBuilder(discoveryUrl())
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/env.sh"))
                    && Files.isRegularFile(dir.resolve("keycloak/photosync-staff-realm.json"))) {
                return dir;
            }
        }
        return null;
    }
}
