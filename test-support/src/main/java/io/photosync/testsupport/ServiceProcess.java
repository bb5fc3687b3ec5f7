package io.photosync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) started as a separate
 * process for tests: on a free port, with the given configuration as system properties, ready
 * once {@code /q/health/ready} answers 200, and stopped on {@link #close()}.
 * <pre>
 * try (ServiceProcess account = ServiceProcess.forJar(Path.of("../account-service/target/quarkus-app/quarkus-run.jar"))
 *         .config("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/account_e2e")
 *         .config("account.issuer", port -> "http://localhost:" + port)
 *         .start()) {
 *     String url = account.baseUrl();
 * }
 * </pre>
 */
public final class ServiceProcess implements AutoCloseable {
    private static final int PORT_ATTEMPTS = 3;

    private final String name;
    private final Process process;
    private final int port;
    private final Path logFile;

    private ServiceProcess(String name, Process process, int port, Path logFile) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    public static Builder forJar(Path jar) {
        return new Builder(jar);
    }

    /** A port free right now, e.g. to tell one service where another will listen before that one starts. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://localhost:<port>}: the address clients use, also in DPoP {@code htu} and token issuers. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the process: a normal shutdown first, forcibly after ten seconds. */
    @Override
    public void close() {
        stop(process);
    }

    @Override
    public String toString() {
        return name + " on port " + port + " (pid " + process.pid() + ", log " + logFile + ")";
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder {
        private final Path jar;
        private final Map<String, IntFunction<String>> config = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private String name;
        private Path logFile;
        private Duration readyTimeout = Duration.ofSeconds(90);
        private Path workingDirectory;
        private int fixedPort;

        private Builder(Path jar) {
            this.jar = jar.toAbsolutePath().normalize();
            this.name = jar.toAbsolutePath()
                    .normalize()
                    .getParent()
                    .getParent()
                    .getParent()
                    .getFileName()
                    .toString();
        }

        /** A name for logs and errors; defaults to the module folder the jar was built in. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** A configuration property, passed as {@code -Dkey=value}. */
        public Builder config(String key, String value) {
            config.put(key, port -> value);
            return this;
        }

        /** A configuration property whose value depends on the port chosen at start. */
        public Builder config(String key, IntFunction<String> valueForPort) {
            config.put(key, valueForPort);
            return this;
        }

        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** Where stdout and stderr go; defaults to {@code target/<name>-<port>.log} in the test's working directory. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public Builder workingDirectory(Path workingDirectory) {
            this.workingDirectory = workingDirectory;
            return this;
        }

        /**
         * Listen on this port instead of a free one, e.g. to start a stopped service again where its clients expect it.
         */
        public Builder port(int port) {
            this.fixedPort = port;
            return this;
        }

        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        /**
         * Starts the service and waits until it is ready. A port taken by someone else between
         * choosing and binding it makes the process exit; then another port is tried.
         */
        public ServiceProcess start() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist: package " + name + " first "
                        + "(e.g. ./mvnw -pl " + name + " -am package)");
            }
            IllegalStateException last = null;
            for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
                int port = fixedPort > 0 ? fixedPort : freePort();
                Path log = logFile != null ? logFile : Path.of("target", name + "-" + port + ".log");
                Process process = launch(port, log);
                try {
                    awaitReady(process, port, log);
                    return new ServiceProcess(name, process, port, log);
                } catch (IllegalStateException e) {
                    stop(process);
                    last = e;
                    if (fixedPort > 0 || !portWasTaken(log)) {
                        throw e;
                    }
                }
            }
            throw last;
        }

        private Process launch(int port, Path log) {
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(jvmOptions);
            command.add("-Dquarkus.http.port=" + port);
            config.forEach((key, value) -> command.add("-D" + key + "=" + value.apply(port)));
            command.add("-jar");
            command.add(jar.toString());
            try {
                Files.createDirectories(log.toAbsolutePath().getParent());
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
                if (workingDirectory != null) {
                    builder.directory(workingDirectory.toFile());
                }
                builder.environment().putAll(environment);
                return builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name, e);
            }
        }

        private void awaitReady(Process process, int port, Path log) {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(1))
                    .build();
            URI ready = URI.create("http://localhost:" + port + "/q/health/ready");
            Instant deadline = Instant.now().plus(readyTimeout);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            name + " exited with " + process.exitValue() + " before it was ready:\n" + tail(log));
                }
                try {
                    HttpResponse<Void> response = http.send(
                            HttpRequest.newBuilder(ready)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
                sleep();
            }
            throw new IllegalStateException(name + " was not ready within " + readyTimeout + ":\n" + tail(log));
        }

        private static boolean portWasTaken(Path log) {
            String text = tail(log);
            return text.contains("Port already bound") || text.contains("Address already in use");
        }

        private static String javaExecutable() {
            return ProcessHandle.current()
                    .info()
                    .command()
                    .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString());
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
