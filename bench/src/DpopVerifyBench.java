import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.photosync.common.dpop.DpopVerifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DPoP proof verification throughput on one thread: the ES256 signature check through BouncyCastle
 * (what DpopVerifier uses) against the JDK's SunEC, measured in the same run on the same proofs,
 * alternating rounds so machine load hits both alike; plus the whole DpopVerifier.verify (BC) with an
 * in-memory jti store. Writes bench/results/dpop-verify.txt.
 */
public class DpopVerifyBench {
    private static final String URL = "https://account.photosync.example/v1/me/sessions";
    private static final int PROOFS = 2000;
    private static final int ROUNDS = 6;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "bench/results/dpop-verify.txt");
        List<SignedJWT> proofs = new ArrayList<>();
        List<String> serialized = new ArrayList<>();
        List<ECKey> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            keys.add(new ECKeyGenerator(Curve.P_256).generate());
        }
        Instant now = Instant.now();
        for (int i = 0; i < PROOFS; i++) {
            ECKey key = keys.get(i % keys.size());
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(new JOSEObjectType("dpop+jwt"))
                            .jwk(key.toPublicJWK())
                            .build(),
                    new JWTClaimsSet.Builder()
                            .jwtID(UUID.randomUUID().toString())
                            .claim("htm", "GET")
                            .claim("htu", URL)
                            .issueTime(Date.from(now))
                            .build());
            jwt.sign(new ECDSASigner(key));
            serialized.add(jwt.serialize());
            proofs.add(SignedJWT.parse(jwt.serialize()));
        }

        // Warm-up: let the JIT compile both paths.
        for (int i = 0; i < 2; i++) {
            signatureRound(proofs, true);
            signatureRound(proofs, false);
        }
        double bcBest = 0, sunBest = 0, bcSum = 0, sunSum = 0, fullBest = 0;
        for (int round = 0; round < ROUNDS; round++) {
            double bc = signatureRound(proofs, true);
            double sun = signatureRound(proofs, false);
            bcBest = Math.max(bcBest, bc);
            sunBest = Math.max(sunBest, sun);
            bcSum += bc;
            sunSum += sun;
        }
        for (int round = 0; round < 3; round++) {
            fullBest = Math.max(fullBest, fullVerifierRound(serialized, now));
        }
        String report = String.format(
                """
                DPoP proof verification, ES256, one thread (bench/run-dpop.sh)
                date:            %s
                JDK:             %s %s
                cores:           %d (shared machine: absolute numbers vary with load; the ratio is measured in the same run)
                proofs:          %d distinct proofs from %d keys, %d alternating rounds after warm-up
                BouncyCastle:    best %.0f /s, mean %.0f /s   (signature check, Nimbus ECDSAVerifier + BC provider)
                SunEC:           best %.0f /s, mean %.0f /s   (signature check, Nimbus ECDSAVerifier + JDK default)
                ratio BC/SunEC:  %.2f (best), %.2f (mean)
                DpopVerifier:    best %.0f /s   (whole verify: parse, header, BC signature, claims, thumbprint, in-memory jti)
                """,
                Instant.now(),
                System.getProperty("java.vendor"),
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                PROOFS,
                keys.size(),
                ROUNDS,
                bcBest,
                bcSum / ROUNDS,
                sunBest,
                sunSum / ROUNDS,
                bcBest / sunBest,
                bcSum / sunSum,
                fullBest);
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.print(report);
    }

    /** Verifications per second over all proofs. */
    private static double signatureRound(List<SignedJWT> proofs, boolean bouncyCastle) throws JOSEException {
        long start = System.nanoTime();
        int ok = 0;
        for (SignedJWT proof : proofs) {
            ECDSAVerifier verifier = new ECDSAVerifier((ECKey) proof.getHeader().getJWK());
            if (bouncyCastle) {
                verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
            }
            ok += proof.verify(verifier) ? 1 : 0;
        }
        long elapsed = System.nanoTime() - start;
        if (ok != proofs.size()) {
            throw new IllegalStateException("a valid proof failed to verify");
        }
        return proofs.size() / (elapsed / 1e9);
    }

    private static double fullVerifierRound(List<String> proofs, Instant issuedAt) throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        DpopVerifier verifier = new DpopVerifier(
                Duration.ofSeconds(60),
                (key, forgetAfter) -> seen.add(key),
                Optional.empty(),
                Clock.fixed(issuedAt, java.time.ZoneOffset.UTC));
        URI uri = URI.create(URL);
        long start = System.nanoTime();
        for (String proof : proofs) {
            verifier.verify(proof, "GET", uri, null, null);
        }
        return proofs.size() / ((System.nanoTime() - start) / 1e9);
    }
}
