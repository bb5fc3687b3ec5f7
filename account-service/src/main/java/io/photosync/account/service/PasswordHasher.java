package io.photosync.account.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (BouncyCastle) at the OWASP minimum: 19 MiB, 2 iterations, 1 lane. Hashes are PHC strings
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) that carry their parameters, so raising them later
 * leaves old hashes verifiable.
 */
@ApplicationScoped
public class PasswordHasher {
    static final int MEMORY_KIB = 19456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    /**
     * Each hash holds 19 MiB for its duration: bound how many run at once, so a burst of sign-ins cannot exhaust
     * memory.
     */
    private static final Semaphore CONCURRENT_HASHES =
            new Semaphore(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()), true);

    private final SecureRandom random = new SecureRandom();
    /** Verified against when the login is unknown, so that answer costs the same time as a wrong password. */
    private final String dummyHash;

    public PasswordHasher() {
        byte[] randomPassword = new byte[24];
        random.nextBytes(randomPassword);
        dummyHash = hash(B64.encodeToString(randomPassword));
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    public boolean verify(String password, String phcHash) {
        Matcher m = PHC.matcher(phcHash);
        if (!m.matches()) {
            throw new IllegalStateException("stored password hash is not an Argon2id PHC string");
        }
        byte[] salt = Base64.getDecoder().decode(m.group(4));
        byte[] expected = Base64.getDecoder().decode(m.group(5));
        byte[] actual = argon2(
                password,
                salt,
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time of one verification without an account, and answers false. */
    public boolean verifyAgainstDummy(String password) {
        verify(password, dummyHash);
        return false;
    }

    private static byte[] argon2(
            String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        CONCURRENT_HASHES.acquireUninterruptibly();
        try {
            generator.generateBytes(password.toCharArray(), out);
        } finally {
            CONCURRENT_HASHES.release();
        }
        return out;
    }
}
