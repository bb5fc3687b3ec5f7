package io.photosync.audit.log;

import java.util.Base64;

/** C2SP tlog-proof@v1: an entry's index, its inclusion proof and the signed checkpoint it is proved against. */
public final class TlogProof {
    public static final String HEADER = "c2sp.org/tlog-proof@v1";

    private TlogProof() {}

    public static String format(InclusionProof proof, String signedCheckpoint) {
        StringBuilder text = new StringBuilder(HEADER)
                .append('\n')
                .append("index ")
                .append(proof.index())
                .append('\n');
        proof.hashes()
                .forEach(h -> text.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        return text.append('\n').append(signedCheckpoint).toString();
    }
}
