package io.photosync.audit.publishing;

/** A proof, tile or checkpoint that cannot be given, and why; {@link ProofRefusedMapper} says it over HTTP. */
public class ProofRefused extends RuntimeException {
    public enum Reason {
        /** An index or tree size outside the signed tree (RFC 9162 §2.1.3: proofs are only for signed sizes). */
        OUT_OF_RANGE,
        /** Within range, but not stored (a tile wider than the tree, or missing). */
        NOT_FOUND,
        /** The log has not signed its first checkpoint yet. */
        NO_CHECKPOINT
    }

    private final Reason reason;

    public ProofRefused(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
