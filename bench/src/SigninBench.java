import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Full DPoP sign-ins ({@code POST /v1/sessions}, a new Nimbus P-256 device key and proof per sign-in, as a phone
 * signs in) from N concurrent clients, against the raw Argon2id hash rate of the same BouncyCastle library and
 * parameters (m = 19456 KiB, t = 2, p = 1, as account-service's PasswordHasher) on N threads of this process,
 * in alternating timed rounds. Accounts are created first (one per client and round-robin among them).
 * Usage: java -cp account-service-libs SigninBench.java accountUrl resultFile clients rounds roundSeconds
 */
public class SigninBench {
    static final String PASSWORD = "bench sign-in password 42";

    public static void main(String[] args) throws Exception {
        String accountUrl = args[0];
        Path out = Path.of(args[1]);
        int clients = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        long roundNanos = Long.parseLong(args[4]) * 1_000_000_000L;
        int accounts = clients * 4;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<String> logins = new ArrayList<>();
        List<Future<?>> created = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            String login = "bench-" + UUID.randomUUID();
            logins.add(login);
            created.add(pool.submit(() -> {
                Figures.post(
                        accountUrl + "/v1/accounts",
                        null,
                        "{\"login\":\"" + login + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Bench\"}",
                        201);
                return null;
            }));
        }
        for (Future<?> f : created) {
            f.get();
        }
        AtomicLong next = new AtomicLong();
        Task signIn = () -> {
            String login = logins.get((int) (next.getAndIncrement() % accounts));
            ECKey key = new ECKeyGenerator(Curve.P_256).generate();
            String url = accountUrl + "/v1/sessions";
            Figures.post(
                    url,
                    DpopProofs.proof(key, "POST", url, null),
                    "{\"login\":\"" + login + "\",\"password\":\"" + PASSWORD
                            + "\",\"device\":{\"name\":\"Bench"
                            + " phone\",\"model\":\"Bench\",\"os\":\"Linux\",\"appVersion\":\"1.0\"}}",
                    201);
        };
        SecureRandom random = new SecureRandom();
        Task hash = () -> {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(19456)
                    .withIterations(2)
                    .withParallelism(1)
                    .withSalt(salt)
                    .build());
            generator.generateBytes(PASSWORD.toCharArray(), new byte[32]);
        };
        // Warm-up: JIT of both paths, and the service's first sign-ins.
        Figures.warmUp(() -> run(pool, clients, 2_000_000_000L, signIn));
        run(pool, clients, 2_000_000_000L, hash);
        double signIns = 0, hashes = 0, signInSeconds = 0, hashSeconds = 0;
        Figures.mark("signin-start");
        for (int r = 0; r < rounds; r++) {
            long[] s = run(pool, clients, roundNanos, signIn);
            long[] h = run(pool, clients, roundNanos, hash);
            signIns += s[0];
            signInSeconds += s[1] / 1e9;
            hashes += h[0];
            hashSeconds += h[1] / 1e9;
            System.out.printf(
                    "round %d: sign-in %.1f/s, raw Argon2id %.1f/s%n", r + 1, s[0] / (s[1] / 1e9), h[0] / (h[1] / 1e9));
        }
        Figures.mark("signin-end");
        pool.shutdown();
        Figures.record(
                out,
                "signin-vs-argon2id",
                signIns / signInSeconds,
                "sign-ins/s",
                hashes / hashSeconds,
                "raw BouncyCastle Argon2id hashes, m=19456 KiB t=2 p=1, same number of threads, alternating rounds",
                "ratio ≥ 0.9",
                "clients=" + clients + " rounds=" + rounds + " roundSeconds=" + roundNanos / 1_000_000_000L
                        + " accounts=" + accounts);
    }

    interface Task {
        void run() throws Exception;
    }

    /**
     * {@code clients} threads doing {@code task} until the time is up; answers {count, elapsed nanos to the last
     * completion}.
     */
    static long[] run(ExecutorService pool, int clients, long nanos, Task task) throws Exception {
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        long end = start + nanos;
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    task.run();
                    count.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        return new long[] {count.get(), System.nanoTime() - start};
    }
}
