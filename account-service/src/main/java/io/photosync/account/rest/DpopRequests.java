package io.photosync.account.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.photosync.account.config.DpopProducers;
import io.photosync.account.service.ClientContext;
import io.photosync.common.dpop.DpopException;
import io.photosync.common.dpop.DpopProof;
import io.photosync.common.dpop.DpopRefusals;
import io.photosync.common.dpop.DpopVerifier;
import io.photosync.common.dpop.JdbcJtiReplayStore;
import io.photosync.common.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the transport facts of a request and checks its DPoP proof, turning refusals into 401 problems. */
@ApplicationScoped
public class DpopRequests {
    public static final String DPOP_HEADER = "DPoP";
    public static final String NONCE_HEADER = "DPoP-Nonce";

    @Inject
    DpopVerifier verifier;

    @Inject
    DpopProducers dpopConfiguration;

    @Inject
    JdbcJtiReplayStore jtiStore;

    @Inject
    MeterRegistry metrics;

    /** Client IP and URL as Quarkus resolved them (forwarded headers count only from trusted proxies). */
    public static ClientContext client(HttpServerRequest request) {
        return new ClientContext(
                request.remoteAddress().hostAddress(),
                URI.create(request.absoluteURI()),
                request.getHeader("User-Agent"));
    }

    /**
     * @param proofs the request's {@code DPoP} header values (exactly one is accepted)
     */
    public DpopProof verify(
            List<String> proofs, String method, ClientContext client, String accessToken, String expectedJkt) {
        return refusing(() -> verifier.verify(only(proofs), method, client.requestUri(), accessToken, expectedJkt));
    }

    /**
     * {@link #verify} of a token request's proof but for the single use of its {@code jti}, which the caller
     * records with {@link #spendInTransaction} in the transaction that acts on the proof.
     */
    public DpopProof verifyUnspent(List<String> proofs, String method, ClientContext client) {
        return refusing(() -> verifier.verifyUnspent(only(proofs), method, client.requestUri(), null, null));
    }

    /**
     * Records the proof's {@code jti} inside the caller's open transaction; a proof used before (or being used by a
     * transaction that then commits) is refused as {@link #verify} refuses a replay.
     */
    public void spendInTransaction(DpopProof proof) {
        refusing(() -> {
            verifier.spend(proof, jtiStore.inCallersTransaction());
            return proof;
        });
    }

    private interface ProofCheck {
        DpopProof run() throws DpopException;
    }

    private DpopProof refusing(ProofCheck check) {
        try {
            return check.run();
        } catch (DpopException e) {
            metrics.counter("account.dpop.refusals", "error", e.error()).increment();
            throw refused(e);
        }
    }

    private static String only(List<String> proofs) throws DpopException {
        if (proofs == null || proofs.size() != 1) {
            throw DpopException.invalid(
                    proofs == null || proofs.isEmpty() ? "missing DPoP proof" : "more than one DPoP proof");
        }
        return proofs.get(0);
    }

    public ProblemException refused(DpopException e) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("WWW-Authenticate", e.challenge());
        dpopConfiguration.nonces().ifPresent(n -> headers.put(NONCE_HEADER, n.current()));
        return new ProblemException(DpopRefusals.proofProblem(e), headers);
    }

    /** A refused access token (RFC 6750 section 3.1 error {@code invalid_token}, DPoP scheme). */
    public ProblemException invalidToken(String description) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("WWW-Authenticate", DpopRefusals.tokenChallenge(description));
        dpopConfiguration.nonces().ifPresent(n -> headers.put(NONCE_HEADER, n.current()));
        return new ProblemException(DpopRefusals.tokenProblem(description), headers);
    }
}
