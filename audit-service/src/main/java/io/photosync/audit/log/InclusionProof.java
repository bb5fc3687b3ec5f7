package io.photosync.audit.log;

import java.util.List;

/** RFC 9162 inclusion proof: the audit path of leaf {@code index} in the tree of {@code treeSize} leaves. */
public record InclusionProof(long index, long treeSize, List<byte[]> hashes) {
    public InclusionProof {
        hashes = List.copyOf(hashes);
    }
}
