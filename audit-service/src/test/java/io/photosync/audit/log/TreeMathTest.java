package io.photosync.audit.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Roots and proofs built on tiles, checked against published vectors and an independent RFC 9162 verifier. */
class TreeMathTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * A tree grown through {@link TileAppender}, as the sequencer grows it, keeping the leaf hashes for the reference.
     */
    private static final class TiledTree {
        final List<byte[]> leafHashes = new ArrayList<>();
        final TileAppender appender = new TileAppender(0, java.util.Map.of());

        void add(byte[] entry) {
            byte[] leaf = Hashes.leafHash(entry);
            leafHashes.add(leaf);
            appender.append(leaf);
        }

        NodeSource nodes() {
            return new TileNodeSource(appender.tiles());
        }

        byte[] root(long size) {
            return size == 0
                    ? Hashes.emptyRoot()
                    : TreeMath.root(size).resolve(nodes()).getFirst();
        }
    }

    /**
     * Leaf inputs and root hashes of transparency-dev/merkle, testonly/constants.go (LeafInputs and
     * RootHashes, the RFC 6962 test set also used by certificate-transparency-go).
     */
    @Test
    void rootsOfTheTransparencyDevTestSet() {
        String[] leaves = {
            "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"
        };
        String[] roots = {
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
        };
        TiledTree tree = new TiledTree();
        assertEquals(roots[0], HEX.formatHex(tree.root(0)));
        for (int i = 0; i < leaves.length; i++) {
            tree.add(HEX.parseHex(leaves[i]));
            assertEquals(roots[i + 1], HEX.formatHex(tree.root(i + 1)), "root of size " + (i + 1));
        }
    }

    @Test
    void everyInclusionAndConsistencyProofVerifiesAndEveryMutationFails() {
        Random random = new Random(9162);
        TiledTree tree = new TiledTree();
        // Past 65,536 leaves the tree has three tile levels and partial tiles at each.
        int maxSize = 70_000;
        for (int i = 0; i < maxSize; i++) {
            byte[] entry = new byte[8];
            random.nextBytes(entry);
            tree.add(entry);
        }
        List<Long> sizes = new ArrayList<>(
                List.of(1L, 2L, 3L, 255L, 256L, 257L, 511L, 512L, 65_535L, 65_536L, 65_537L, (long) maxSize));
        for (int i = 0; i < 150; i++) {
            sizes.add(1 + (long) random.nextInt(random.nextBoolean() ? 600 : maxSize));
        }
        for (long size : sizes) {
            byte[] root = tree.root(size);
            if (size <= 2048) {
                assertArrayEquals(
                        IndependentVerifier.rootOf(tree.leafHashes.subList(0, (int) size)),
                        root,
                        "root of size " + size);
            }
            for (int t = 0; t < 4; t++) {
                checkInclusion(tree, random.nextLong(size), size, root, random);
                long from = 1 + random.nextLong(size);
                checkConsistency(tree, from, size, tree.root(from), root, random);
            }
        }
    }

    private static void checkInclusion(TiledTree tree, long index, long size, byte[] root, Random random) {
        byte[] leaf = tree.leafHashes.get((int) index);
        List<byte[]> proof = TreeMath.inclusion(index, size).resolve(tree.nodes());
        assertTrue(
                IndependentVerifier.verifyInclusion(index, size, leaf, proof, root),
                "inclusion " + index + " in " + size);
        if (!proof.isEmpty()) {
            assertFalse(
                    IndependentVerifier.verifyInclusion(index, size, leaf, flipOneBit(proof, random), root),
                    "mutated inclusion proof");
            assertFalse(
                    IndependentVerifier.verifyInclusion(index, size, leaf, proof.subList(0, proof.size() - 1), root),
                    "truncated proof");
            assertFalse(IndependentVerifier.verifyInclusion(index ^ 1, size, leaf, proof, root), "wrong index");
        }
        if (size < tree.leafHashes.size()) {
            assertFalse(
                    IndependentVerifier.verifyInclusion(index, size + 1, leaf, proof, tree.root(size + 1)),
                    "wrong size");
        }
    }

    private static void checkConsistency(
            TiledTree tree, long from, long to, byte[] fromRoot, byte[] toRoot, Random random) {
        List<byte[]> proof = TreeMath.consistency(from, to).resolve(tree.nodes());
        assertTrue(
                IndependentVerifier.verifyConsistency(from, to, fromRoot, toRoot, proof),
                "consistency " + from + " -> " + to);
        if (!proof.isEmpty()) {
            assertFalse(
                    IndependentVerifier.verifyConsistency(from, to, fromRoot, toRoot, flipOneBit(proof, random)),
                    "mutated consistency proof");
            if (to < tree.leafHashes.size()) {
                assertFalse(
                        IndependentVerifier.verifyConsistency(from, to + 1, fromRoot, tree.root(to + 1), proof),
                        "wrong size");
            }
        }
    }

    private static List<byte[]> flipOneBit(List<byte[]> proof, Random random) {
        List<byte[]> mutated = new ArrayList<>();
        proof.forEach(h -> mutated.add(h.clone()));
        byte[] victim = mutated.get(random.nextInt(mutated.size()));
        victim[random.nextInt(victim.length)] ^= (byte) (1 << random.nextInt(8));
        return mutated;
    }

    @Test
    void proofsOutsideTheTreeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TreeMath.inclusion(5, 5));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.inclusion(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.consistency(0, 5));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.consistency(6, 5));
    }

    @Test
    void tilePathsFollowTlogTiles() {
        assertEquals("tile/0/x001/x234/067", new TileId(0, 1_234_067).path(256));
        assertEquals("tile/1/000.p/7", new TileId(1, 0).path(7));
    }
}
