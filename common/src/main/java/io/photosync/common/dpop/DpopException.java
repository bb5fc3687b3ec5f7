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
        return DpopRefusals.challenge(error, getMessage());
    }

    /**
     * A description fit for a quoted header parameter: printable ASCII only (RFC 6750 section 3
     * allows nothing else in {@code error_description}), no double quote or backslash, at most 200
     * characters. A header value with a line break would otherwise fail the whole response.
     */
    public static String headerSafe(String description) {
        String text = description == null ? "" : description.replace('"', '\'').replaceAll("[^\\x20-\\x7E]|\\\\", "?");
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }
}
