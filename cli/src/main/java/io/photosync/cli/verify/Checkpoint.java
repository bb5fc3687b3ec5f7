package io.photosync.cli.verify;

import java.util.Base64;
import java.util.List;

/** A C2SP tlog-checkpoint note text: origin, tree size, base64 root hash, then optional extension lines. */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    public static Checkpoint parse(String noteText) throws VerificationException {
        if (!noteText.endsWith("\n")) {
            throw new VerificationException("checkpoint text does not end in a newline");
        }
        List<String> lines =
                List.of(noteText.substring(0, noteText.length() - 1).split("\n", -1));
        if (lines.size() < 3) {
            throw new VerificationException("checkpoint has fewer than three lines");
        }
        if (lines.stream().anyMatch(String::isEmpty)) {
            throw new VerificationException("checkpoint has an empty line");
        }
        String sizeText = lines.get(1);
        if (!sizeText.matches("0|[1-9][0-9]{0,18}")) {
            throw new VerificationException(
                    "checkpoint tree size '" + sizeText + "' is not a decimal without leading zeros");
        }
        long size;
        try {
            size = Long.parseLong(sizeText);
        } catch (NumberFormatException e) {
            throw new VerificationException("checkpoint tree size '" + sizeText + "' is out of range");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines.get(2));
        } catch (IllegalArgumentException e) {
            throw new VerificationException("checkpoint root hash is not base64");
        }
        if (root.length != Merkle.HASH_SIZE) {
            throw new VerificationException("checkpoint root hash is not " + Merkle.HASH_SIZE + " bytes");
        }
        return new Checkpoint(lines.get(0), size, root, List.copyOf(lines.subList(3, lines.size())));
    }

    /**
     * Opens a signed checkpoint with the log key and parses it. The key name must be the origin,
     * so a key of one log cannot vouch for another log's tree.
     */
    public static Checkpoint openSigned(byte[] signedNote, VerifierKey logKey) throws VerificationException {
        Checkpoint checkpoint = parse(SignedNote.open(signedNote, logKey));
        if (!checkpoint.origin().equals(logKey.name())) {
            throw new VerificationException("checkpoint origin '" + checkpoint.origin()
                    + "' is not the log key's name '" + logKey.name() + "'");
        }
        return checkpoint;
    }
}
