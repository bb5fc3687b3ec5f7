package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/** The device simulator: one phone per {@code --home}, talking to the services as the contract says. */
public final class DeviceCommands {
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int LOCAL_ERROR = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceCommands() {
    }

    /** Where the simulated phone keeps its key and tokens. */
    public static final class Home {
        @Option(names = "--home", paramLabel = "DIR", defaultValue = "${user.home}/.photosync",
                description = "the phone's local state (key, tokens, cursor); default ${DEFAULT-VALUE}")
        Path dir;
    }

    /** Shared run/print logic: exit code from the HTTP status, the server's answer printed. */
    abstract static class DeviceCall implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Home home;

        @Override
        public Integer call() {
            try {
                return run(DeviceHome.open(home.dir));
            } catch (IOException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return LOCAL_ERROR;
            }
        }

        abstract int run(DeviceHome device) throws IOException;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        int answer(DpopClient.Answer a, int expectedStatus) throws IOException {
            if (a.status() != expectedStatus) {
                spec.commandLine().getErr().println("refused (" + a.status() + "): " + a.body());
                return REFUSED;
            }
            if (!a.body().isBlank()) {
                out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a.json()));
            }
            return OK;
        }

        static HttpRequest.BodyPublisher json(JsonNode body) throws IOException {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        }
    }

    @Command(name = "device", description = "The simulated phone's key.", subcommands = {New.class})
    public static final class Device implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getErr());
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true, description = "Create the phone: a fresh EC P-256 key kept in --home.")
    public static final class New implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Home home;
        @Option(names = "--name", defaultValue = "My phone") String name;
        @Option(names = "--model", defaultValue = "Simulated phone") String model;
        @Option(names = "--os", defaultValue = "Android 15") String os;
        @Option(names = "--app-version", defaultValue = "1.0.0") String appVersion;

        @Override
        public Integer call() {
            try {
                DeviceHome device = DeviceHome.create(home.dir, new ECKeyGenerator(Curve.P_256).generate(), name, model, os, appVersion);
                spec.commandLine().getOut().println("device " + device.deviceId() + " (" + name + ", " + model + ") in " + home.dir);
                return OK;
            } catch (IOException | JOSEException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return LOCAL_ERROR;
            }
        }
    }

    @Command(name = "signup", mixinStandardHelpOptions = true, description = "Create an account (POST /v1/accounts).")
    public static final class Signup extends DeviceCall {
        @Option(names = "--account-url", required = true) URI accountUrl;
        @Option(names = "--login", required = true) String login;
        @Option(names = "--password", required = true) String password;
        @Option(names = "--display-name", required = true) String displayName;

        @Override
        int run(DeviceHome device) throws IOException {
            ObjectNode body = JSON.createObjectNode().put("login", login).put("password", password).put("displayName", displayName);
            return answer(new DpopClient(device).send("POST", accountUrl.resolve("/v1/accounts"), json(body), "application/json"), 201);
        }
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
            description = "Sign this phone in (POST /v1/sessions with a DPoP proof): binds the session to the device key.")
    public static final class Login extends DeviceCall {
        @Option(names = "--account-url", required = true) URI accountUrl;
        @Option(names = "--sync-url", description = "remembered for upload and sync") URI syncUrl;
        @Option(names = "--login", required = true) String login;
        @Option(names = "--password", required = true) String password;
        @Option(names = "--lat", description = "self-reported location") Double lat;
        @Option(names = "--lon") Double lon;
        @Option(names = "--accuracy", defaultValue = "50") double accuracyMeters;

        @Override
        int run(DeviceHome device) throws IOException {
            ObjectNode body = JSON.createObjectNode().put("login", login).put("password", password);
            body.set("device", device.deviceInfo());
            if (lat != null && lon != null) {
                body.putObject("location").put("lat", lat).put("lon", lon).put("accuracyMeters", accuracyMeters);
            }
            DpopClient client = new DpopClient(device);
            DpopClient.Answer a = client.send("POST", accountUrl.resolve("/v1/sessions"), json(body), "application/json");
            if (a.status() != 201) {
                spec.commandLine().getErr().println("sign-in refused (" + a.status() + "): " + a.body());
                return REFUSED;
            }
            JsonNode session = a.json();
            device.put("accountUrl", accountUrl.toString());
            if (syncUrl != null) {
                device.put("syncUrl", syncUrl.toString());
            }
            device.put("sessionId", session.path("sessionId").asText());
            client.storeTokens(session);
            out().println("signed in: session " + session.path("sessionId").asText() + ", device " + session.path("deviceId").asText());
            return OK;
        }
    }

    @Command(name = "sessions", mixinStandardHelpOptions = true, description = "The account's sessions (GET /v1/me/sessions).")
    public static final class Sessions extends DeviceCall {
        @Override
        int run(DeviceHome device) throws IOException {
            URI uri = URI.create(device.require("accountUrl", "sign in with 'login'")).resolve("/v1/me/sessions");
            return answer(new DpopClient(device).sendAuthorized("GET", uri, null, null), 200);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Sign a session out remotely (DELETE /v1/me/sessions/{id}).")
    public static final class Revoke extends DeviceCall {
        @Parameters(paramLabel = "SESSION_ID") UUID sessionId;

        @Override
        int run(DeviceHome device) throws IOException {
            URI uri = URI.create(device.require("accountUrl", "sign in with 'login'")).resolve("/v1/me/sessions/" + sessionId);
            int exit = answer(new DpopClient(device).sendAuthorized("DELETE", uri, null, null), 204);
            if (exit == OK) {
                out().println("session " + sessionId + " signed out");
            }
            return exit;
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true, description = "Upload photos (POST /v1/photos, multipart).")
    public static final class Upload extends DeviceCall {
        @Parameters(arity = "1..*", paramLabel = "FILE") List<Path> files;

        @Override
        int run(DeviceHome device) throws IOException {
            URI uri = URI.create(device.require("syncUrl", "sign in with 'login --sync-url URL'")).resolve("/v1/photos");
            DpopClient client = new DpopClient(device);
            int exit = OK;
            for (Path file : files) {
                String boundary = "photosync-" + UUID.randomUUID();
                byte[] body = multipart(boundary, file);
                DpopClient.Answer a = client.sendAuthorized("POST", uri, HttpRequest.BodyPublishers.ofByteArray(body),
                        "multipart/form-data; boundary=" + boundary);
                if (a.status() != 201 && a.status() != 200) {
                    spec.commandLine().getErr().println(file + ": refused (" + a.status() + "): " + a.body());
                    exit = REFUSED;
                } else {
                    out().println(file + ": " + JSON.writeValueAsString(a.json()));
                }
            }
            return exit;
        }

        private static byte[] multipart(String boundary, Path file) throws IOException {
            String type = Files.probeContentType(file);
            String name = file.getFileName().toString().replace("\"", "");
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                    + "Content-Type: " + (type == null ? "application/octet-stream" : type) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            b.writeBytes(Files.readAllBytes(file));
            b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return b.toByteArray();
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Fetch changes since the last sync (GET /v1/sync/changes) and remember the cursor.")
    public static final class Sync extends DeviceCall {
        @Option(names = "--limit", defaultValue = "100") int limit;

        @Override
        int run(DeviceHome device) throws IOException {
            String base = device.require("syncUrl", "sign in with 'login --sync-url URL'");
            String query = "?limit=" + limit + device.get("cursor").map(c -> "&since=" + URLEncoder.encode(c, StandardCharsets.UTF_8)).orElse("");
            DpopClient.Answer a = new DpopClient(device).sendAuthorized("GET", URI.create(base).resolve("/v1/sync/changes" + query), null, null);
            int exit = answer(a, 200);
            if (exit == OK && a.json().hasNonNull("nextCursor")) {
                device.put("cursor", a.json().get("nextCursor").asText());
                device.save();
            }
            return exit;
        }
    }
}
