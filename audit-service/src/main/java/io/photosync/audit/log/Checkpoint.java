package io.photosync.audit.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** A C2SP tlog-checkpoint body: origin line, decimal tree size, base64 root hash, each ending in a newline. */
public record Checkpoint(String origin, long size, byte[] rootHash) {
    public Checkpoint {
        if (origin.isEmpty() || origin.contains("\n") || size < 0 || rootHash.length != Hashes.SIZE) {
            throw new IllegalArgumentException("malformed checkpoint");
        }
    }

    public String body() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    /** Parses the first three lines of a note text; extension lines are ignored. */
    public static Checkpoint parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !text.endsWith("\n")) {
            throw new IllegalArgumentException("a checkpoint has at least three newline-terminated lines");
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("checkpoint tree size is not a decimal number");
        }
        return new Checkpoint(
                lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]));
    }

    public byte[] bodyBytes() {
        return body().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c
                && c.origin.equals(origin)
                && c.size == size
                && Arrays.equals(c.rootHash, rootHash);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size) * 17 + Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + body().replace("\n", " ").trim() + "]";
    }
}
