package io.photosync.audit.log;

import java.util.List;

/** RFC 9162 consistency proof between the trees of {@code from} and {@code to} leaves. */
public record ConsistencyProof(long from, long to, List<byte[]> hashes) {
    public ConsistencyProof {
        hashes = List.copyOf(hashes);
    }
}
