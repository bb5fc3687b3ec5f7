package io.photosync.common.dpop;

/**
 * A refused DPoP proof. {@link #error()} is the RFC 9449 error code for {@code WWW-Authenticate}:
 * {@code invalid_dpop_proof}, or {@code use_dpop_nonce} when the client must retry with a fresh nonce.
 */
public class DpopException extends Exception {
    public static final String INVALID_DPOP_PROOF = "invalid_dpop_proof";
    public static final String USE_DPOP_NONCE = "use_dpop_nonce";

    private final String error;

    public DpopException(String error, String description) {
        super(description);
        this.error = error;
    }

    public static DpopException invalid(String description) {
        return new DpopException(INVALID_DPOP_PROOF, description);
    }

    public String error() {
        return error;
    }

    /** The {@code WWW-Authenticate} challenge for this refusal (RFC 9449 section 7.1). */
    public String challenge() {
        return "DPoP algs=\"ES256\", error=\"" + error + "\", error_description=\""
                + getMessage().replace("\"", "'") + "\"";
    }
}
