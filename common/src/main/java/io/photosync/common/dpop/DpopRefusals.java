package io.photosync.common.dpop;

import io.photosync.common.problem.Problem;

/**
 * The one way every service refuses a device request: a 401 problem and its {@code WWW-Authenticate: DPoP}
 * challenge (RFC 9449 section 7.1, with RFC 6750 section 3's error codes), so a phone sees the same answer for the
 * same refusal from account-, sync- and audit-service.
 */
public final class DpopRefusals {
    /** The challenge for a request that carried no credentials at all: no error code (RFC 6750 section 3.1). */
    public static final String BARE_CHALLENGE = "DPoP algs=\"ES256\"";

    public static final String INVALID_TOKEN = "invalid_token";

    private DpopRefusals() {}

    public static String challenge(String error, String description) {
        return BARE_CHALLENGE + ", error=\"" + error + "\", error_description=\""
                + DpopException.headerSafe(description) + "\"";
    }

    /** A refused proof: type {@code invalid-dpop-proof} or {@code use-dpop-nonce}, after its RFC 9449 error code. */
    public static Problem proofProblem(DpopException e) {
        return Problem.of(401, e.error().replace('_', '-'), "DPoP proof refused", e.getMessage());
    }

    /** A refused or missing access token (RFC 6750 section 3.1 {@code invalid_token}). */
    public static Problem tokenProblem(String description) {
        return Problem.of(401, "invalid-token", "Access token refused", description);
    }

    public static String tokenChallenge(String description) {
        return challenge(INVALID_TOKEN, description);
    }
}
