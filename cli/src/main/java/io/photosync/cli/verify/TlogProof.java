package io.photosync.cli.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A C2SP {@code tlog-proof@v1}: header line, optional {@code extra} line, {@code index N}, the inclusion
 * proof hashes one per line, an empty line, then the signed checkpoint verbatim.
 */
public record TlogProof(Optional<byte[]> extra, long index, List<byte[]> inclusionProof, byte[] signedCheckpoint) {
    public static final String HEADER = "c2sp.org/tlog-proof@v1";

    public static TlogProof parse(byte[] file) throws VerificationException {
        String s = new String(file, StandardCharsets.UTF_8);
        int blank = s.indexOf("\n\n");
        if (blank < 0) {
            throw new VerificationException("tlog-proof has no empty line before its checkpoint");
        }
        List<String> lines = List.of(s.substring(0, blank).split("\n", -1));
        byte[] signedCheckpoint = s.substring(blank + 2).getBytes(StandardCharsets.UTF_8);
        int at = 0;
        if (!lines.get(at++).equals(HEADER)) {
            throw new VerificationException("tlog-proof does not start with " + HEADER);
        }
        Optional<byte[]> extra = Optional.empty();
        if (at < lines.size() && lines.get(at).startsWith("extra ")) {
            extra = Optional.of(decode(lines.get(at++).substring("extra ".length()), "extra data"));
        }
        if (at >= lines.size() || !lines.get(at).matches("index (0|[1-9][0-9]{0,18})")) {
            throw new VerificationException("tlog-proof has no valid 'index N' line");
        }
        long index;
        try {
            index = Long.parseLong(lines.get(at++).substring("index ".length()));
        } catch (NumberFormatException e) {
            throw new VerificationException("tlog-proof index is out of range");
        }
        List<byte[]> proof = new ArrayList<>();
        for (String line : lines.subList(at, lines.size())) {
            byte[] hash = decode(line, "inclusion proof hash " + proof.size());
            if (hash.length != Merkle.HASH_SIZE) {
                throw new VerificationException(
                        "inclusion proof hash " + proof.size() + " is not " + Merkle.HASH_SIZE + " bytes");
            }
            proof.add(hash);
        }
        return new TlogProof(extra, index, List.copyOf(proof), signedCheckpoint);
    }

    /**
     * Verifies the checkpoint signature with the log key and the inclusion of the entry whose leaf hash is
     * given, and returns the checkpoint.
     */
    public Checkpoint verify(byte[] leafHash, VerifierKey logKey) throws VerificationException {
        Checkpoint checkpoint = Checkpoint.openSigned(signedCheckpoint, logKey);
        Merkle.verifyInclusion(index, checkpoint.size(), leafHash, inclusionProof, checkpoint.rootHash());
        return checkpoint;
    }

    private static byte[] decode(String base64, String what) throws VerificationException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new VerificationException("tlog-proof " + what + " is not base64");
        }
    }
}
