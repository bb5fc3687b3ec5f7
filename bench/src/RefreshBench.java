import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DPoP-bound refresh: account-service ({@code POST /v1/sessions/refresh}) against Keycloak's token endpoint
 * ({@code grant_type=refresh_token}, a DPoP-bound public client), in alternating timed rounds. Each of N clients
 * holds a P-256 key and signs in once per server (account-service: its DPoP sign-in; Keycloak: the password grant
 * with a proof), then exchanges its refresh token over and over, each time with a fresh proof from the same Nimbus
 * code, and keeps the rotated token. A refresh counts only when the answer is 200, of type DPoP, with a refresh
 * token, and its access token's {@code cnf.jkt} is the key's thumbprint; anything else is a failure, counted, and
 * the client signs in again.
 * Usage: java -cp account-service-libs RefreshBench.java accountUrl keycloakRealmUrl resultFile clients rounds
 * roundSeconds
 */
public class RefreshBench {
    /** The password of the account created here and of the user of bench/keycloak-bench-realm.json. */
    static final String PASSWORD = "bench refresh password 42";
    /** The user and client of bench/keycloak-bench-realm.json. */
    static final String KEYCLOAK_USER = "bench", KEYCLOAK_CLIENT = "bench-phone";

    /** A signed-in client: its key and the refresh token it holds now. */
    record Session(ECKey key, String refreshToken) {}

    /** One server's sign-in and refresh, answering the raw response; {@link #check} judges it. */
    interface Server {
        HttpResponse<String> signIn(ECKey key) throws Exception;

        HttpResponse<String> refresh(Session session) throws Exception;

        /** The status of a successful sign-in (a refresh's is 200). */
        int signedIn();

        /** The names of the answer's fields: access token, token type, refresh token. */
        String[] fields();
    }

    public static void main(String[] args) throws Exception {
        String accountUrl = args[0];
        String tokenUrl = args[1] + "/protocol/openid-connect/token";
        Path out = Path.of(args[2]);
        int clients = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        long roundNanos = Long.parseLong(args[5]) * 1_000_000_000L;

        String login = "bench-" + UUID.randomUUID();
        Figures.post(
                accountUrl + "/v1/accounts",
                null,
                "{\"login\":\"" + login + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Bench\"}",
                201);
        Server account = new Server() {
            public HttpResponse<String> signIn(ECKey key) throws Exception {
                String url = accountUrl + "/v1/sessions";
                return Figures.send(
                        url,
                        DpopProofs.proof(key, "POST", url, null),
                        "application/json",
                        "{\"login\":\"" + login
                                + "\",\"password\":\"" + PASSWORD
                                + "\",\"device\":{\"name\":\"Bench"
                                + " phone\",\"model\":\"Bench\",\"os\":\"Linux\",\"appVersion\":\"1.0\"}}");
            }

            public HttpResponse<String> refresh(Session session) throws Exception {
                String url = accountUrl + "/v1/sessions/refresh";
                return Figures.send(
                        url,
                        DpopProofs.proof(session.key(), "POST", url, null),
                        "application/json",
                        "{\"refreshToken\":\"" + session.refreshToken() + "\"}");
            }

            public int signedIn() {
                return 201;
            }

            public String[] fields() {
                return new String[] {"accessToken", "tokenType", "refreshToken"};
            }
        };
        Server keycloak = new Server() {
            public HttpResponse<String> signIn(ECKey key) throws Exception {
                return Figures.send(
                        tokenUrl,
                        DpopProofs.proof(key, "POST", tokenUrl, null),
                        "application/x-www-form-urlencoded",
                        form(
                                "grant_type",
                                "password",
                                "client_id",
                                KEYCLOAK_CLIENT,
                                "username",
                                KEYCLOAK_USER,
                                "password",
                                PASSWORD));
            }

            public HttpResponse<String> refresh(Session session) throws Exception {
                return Figures.send(
                        tokenUrl,
                        DpopProofs.proof(session.key(), "POST", tokenUrl, null),
                        "application/x-www-form-urlencoded",
                        form(
                                "grant_type",
                                "refresh_token",
                                "client_id",
                                KEYCLOAK_CLIENT,
                                "refresh_token",
                                session.refreshToken()));
            }

            public int signedIn() {
                return 200;
            }

            public String[] fields() {
                return new String[] {"access_token", "token_type", "refresh_token"};
            }
        };

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Client[] accountClients = new Client[clients], keycloakClients = new Client[clients];
        for (int i = 0; i < clients; i++) {
            accountClients[i] = new Client(account);
            keycloakClients[i] = new Client(keycloak);
        }
        // Warm-up: JIT on both sides, each server's first refreshes.
        Figures.warmUp(() -> {
            run(pool, accountClients, 3_000_000_000L);
            run(pool, keycloakClients, 3_000_000_000L);
        });
        long accountRefreshes = 0, keycloakRefreshes = 0, accountFailures = 0, keycloakFailures = 0;
        double accountSeconds = 0, keycloakSeconds = 0;
        Figures.mark("refresh-start");
        for (int r = 0; r < rounds; r++) {
            long[] a = run(pool, accountClients, roundNanos);
            long[] k = run(pool, keycloakClients, roundNanos);
            accountRefreshes += a[0];
            accountFailures += a[1];
            accountSeconds += a[2] / 1e9;
            keycloakRefreshes += k[0];
            keycloakFailures += k[1];
            keycloakSeconds += k[2] / 1e9;
            System.out.printf(
                    "round %d: account-service %.1f/s (%d failed), Keycloak %.1f/s (%d failed)%n",
                    r + 1, a[0] / (a[2] / 1e9), a[1], k[0] / (k[2] / 1e9), k[1]);
        }
        Figures.mark("refresh-end");
        pool.shutdown();
        Figures.record(
                out,
                "refresh-vs-keycloak",
                accountRefreshes / accountSeconds,
                "refreshes/s",
                keycloakRefreshes / keycloakSeconds,
                "Keycloak 26.7.3 refresh_token grants, DPoP-bound public client, same PostgreSQL, clients and proof"
                        + " code, alternating rounds",
                "ratio ≥ 4",
                "clients=" + clients + " rounds=" + rounds + " roundSeconds=" + roundNanos / 1_000_000_000L
                        + " failures=" + accountFailures + "/" + keycloakFailures);
        if (accountFailures + keycloakFailures > 0) {
            System.err.println("refused or unbound answers: account-service " + accountFailures + ", Keycloak "
                    + keycloakFailures);
            System.exit(1);
        }
    }

    /** One client of one server: signs in when it holds no session (at first, and after a failure). */
    static final class Client {
        final Server server;
        Session session;

        Client(Server server) {
            this.server = server;
        }

        /** One refresh; true when it was answered as it must be. */
        boolean refreshOnce() throws Exception {
            if (session == null) {
                ECKey key = new ECKeyGenerator(Curve.P_256).generate();
                session = check(server, server.signIn(key), server.signedIn(), key);
                if (session == null) {
                    return false;
                }
            }
            session = check(server, server.refresh(session), 200, session.key());
            return session != null;
        }
    }

    /**
     * The session an answer gives {@code key}, or null unless it has status {@code expected} and a token bound to that
     * key.
     */
    static Session check(Server server, HttpResponse<String> response, int expected, ECKey key) throws Exception {
        if (response.statusCode() != expected) {
            System.err.println(response.uri() + ": " + response.statusCode() + " " + response.body());
            return null;
        }
        String[] fields = server.fields();
        Map<String, Object> body = JSONObjectUtils.parse(response.body());
        String jkt = key.computeThumbprint().toString();
        Map<String, Object> cnf = SignedJWT.parse(JSONObjectUtils.getString(body, fields[0]))
                .getJWTClaimsSet()
                .getJSONObjectClaim("cnf");
        String refreshToken = JSONObjectUtils.getString(body, fields[2]);
        if (!"DPoP".equalsIgnoreCase(JSONObjectUtils.getString(body, fields[1]))
                || cnf == null
                || !jkt.equals(cnf.get("jkt"))
                || refreshToken == null) {
            System.err.println(response.uri() + ": not bound to the proof key: " + response.body());
            return null;
        }
        return new Session(key, refreshToken);
    }

    static String form(String... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.append(i == 0 ? "" : "&")
                    .append(namesAndValues[i])
                    .append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    /**
     * Each client refreshing until the time is up; answers {refreshes, failures, elapsed nanos to the last completion}.
     */
    static long[] run(ExecutorService pool, Client[] clients, long nanos) throws Exception {
        AtomicLong refreshes = new AtomicLong(), failures = new AtomicLong();
        long start = System.nanoTime();
        long end = start + nanos;
        List<Future<?>> workers = new ArrayList<>();
        for (Client client : clients) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    (client.refreshOnce() ? refreshes : failures).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        return new long[] {refreshes.get(), failures.get(), System.nanoTime() - start};
    }
}
