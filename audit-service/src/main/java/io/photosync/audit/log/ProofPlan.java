package io.photosync.audit.log;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a proof (or a root) is made of, before any hash is read: each element is the hash of a range
 * of leaves, given as the complete subtrees that tile the range from left to right. A range of one
 * subtree is a stored node; a longer one (the right edge of a tree whose size is no power of two) is
 * folded from the right: {@code node(s1, node(s2, … sn))}.
 */
public record ProofPlan(List<List<NodeId>> elements) {

    public ProofPlan {
        elements = List.copyOf(elements.stream().map(List::copyOf).toList());
    }

    /** Every node to read, each once: this decides which tiles to load. */
    public Set<NodeId> nodes() {
        Set<NodeId> nodes = new LinkedHashSet<>();
        elements.forEach(nodes::addAll);
        return nodes;
    }

    public Set<TileId> tiles() {
        Set<TileId> tiles = new LinkedHashSet<>();
        nodes().forEach(n -> tiles.add(TileId.holding(n)));
        return tiles;
    }

    public List<byte[]> resolve(NodeSource source) {
        List<byte[]> hashes = new ArrayList<>(elements.size());
        for (List<NodeId> range : elements) {
            byte[] hash = source.hash(range.getLast());
            for (int i = range.size() - 2; i >= 0; i--) {
                hash = Hashes.nodeHash(source.hash(range.get(i)), hash);
            }
            hashes.add(hash);
        }
        return hashes;
    }
}
