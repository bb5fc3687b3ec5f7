package io.photosync.cli.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known answers from the transparency-dev test set: leaves and roots from
 * github.com/transparency-dev/merkle testonly/constants.go (LeafInputs, RootHashes), inclusion and
 * consistency proofs from testonly/reference_test.go (TestRefInclusionProof, TestRefConsistencyProof).
 * The roots are the same constants as the C++ certificate-transparency merkle_tree_test.cc.
 */
class MerkleTest {
    static final List<byte[]> LEAVES =
            hexList("", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f");
    /** ROOTS[n] is the root of the tree of the first n leaves. */
    static final List<byte[]> ROOTS = hexList(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    record Inclusion(int index, int size, List<byte[]> proof) {}

    record Consistency(int size1, int size2, List<byte[]> proof) {}

    static final List<Inclusion> INCLUSIONS = List.of(
            new Inclusion(0, 1, List.of()),
            new Inclusion(0, 2, hexList("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7")),
            new Inclusion(1, 2, hexList("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")),
            new Inclusion(2, 3, hexList("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
            new Inclusion(
                    1,
                    5,
                    hexList(
                            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new Inclusion(
                    0,
                    8,
                    hexList(
                            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new Inclusion(
                    5,
                    8,
                    hexList(
                            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

    static final List<Consistency> CONSISTENCIES = List.of(
            new Consistency(1, 1, List.of()),
            new Consistency(
                    1,
                    8,
                    hexList(
                            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new Consistency(
                    2,
                    5,
                    hexList(
                            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new Consistency(
                    6,
                    8,
                    hexList(
                            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

    @Test
    void rootsOfTheFirstEightLeavesAreThePublishedOnes() {
        for (int n = 0; n <= LEAVES.size(); n++) {
            assertArrayEquals(ROOTS.get(n), Merkle.rootHash(LEAVES.subList(0, n)), "root of size " + n);
        }
    }

    @Test
    void publishedInclusionProofsVerify() {
        for (Inclusion v : INCLUSIONS) {
            assertDoesNotThrow(
                    () -> Merkle.verifyInclusion(
                            v.index(),
                            v.size(),
                            Merkle.leafHash(LEAVES.get(v.index())),
                            v.proof(),
                            ROOTS.get(v.size())),
                    v.toString());
        }
    }

    @Test
    void publishedConsistencyProofsVerify() {
        for (Consistency v : CONSISTENCIES) {
            assertDoesNotThrow(
                    () -> Merkle.verifyConsistency(
                            v.size1(), v.size2(), v.proof(), ROOTS.get(v.size1()), ROOTS.get(v.size2())),
                    v.toString());
        }
    }

    @Test
    void everyMutationOfAPublishedInclusionProofFails() {
        for (Inclusion v : INCLUSIONS) {
            byte[] leaf = Merkle.leafHash(LEAVES.get(v.index()));
            byte[] root = ROOTS.get(v.size());
            for (List<byte[]> mutated : mutations(v.proof())) {
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyInclusion(v.index(), v.size(), leaf, mutated, root),
                        v + " mutated");
            }
            for (int otherIndex = -1; otherIndex <= v.size(); otherIndex++) {
                if (otherIndex == v.index()) {
                    continue;
                }
                int wrongIndex = otherIndex;
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyInclusion(wrongIndex, v.size(), leaf, v.proof(), root),
                        v + " at index " + wrongIndex);
            }
            // The size travels with its root in a signed checkpoint, so a wrong size comes with that tree's root.
            for (int otherSize = 0; otherSize <= 9; otherSize++) {
                if (otherSize == v.size()) {
                    continue;
                }
                int wrongSize = otherSize;
                byte[] wrongRoot = ROOTS.get(Math.min(otherSize, 8));
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyInclusion(v.index(), wrongSize, leaf, v.proof(), wrongRoot),
                        v + " with size " + wrongSize);
            }
            assertThrows(
                    VerificationException.class,
                    () -> Merkle.verifyInclusion(
                            v.index(), v.size(), Merkle.leafHash(new byte[] {42}), v.proof(), root),
                    v + " with another leaf");
            assertThrows(
                    VerificationException.class,
                    () -> Merkle.verifyInclusion(v.index(), v.size(), LEAVES.get(v.index()), v.proof(), root),
                    v + " with the entry instead of its leaf hash");
        }
    }

    @Test
    void everyMutationOfAPublishedConsistencyProofFails() {
        for (Consistency v : CONSISTENCIES) {
            byte[] root1 = ROOTS.get(v.size1());
            byte[] root2 = ROOTS.get(v.size2());
            for (List<byte[]> mutated : mutations(v.proof())) {
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyConsistency(v.size1(), v.size2(), mutated, root1, root2),
                        v + " mutated");
            }
            for (int s1 = 1; s1 <= 8; s1++) {
                for (int s2 = s1; s2 <= 8; s2++) {
                    // an empty proof rightly shows any tree consistent with itself
                    if ((s1 == v.size1() && s2 == v.size2())
                            || (s1 == s2 && v.proof().isEmpty())) {
                        continue;
                    }
                    int first = s1;
                    int second = s2;
                    assertThrows(
                            VerificationException.class,
                            () -> Merkle.verifyConsistency(
                                    first, second, v.proof(), ROOTS.get(first), ROOTS.get(second)),
                            v + " claimed for " + first + ":" + second);
                }
            }
            assertThrows(
                    VerificationException.class,
                    () -> Merkle.verifyConsistency(v.size2(), v.size1() - 1, v.proof(), root2, root1),
                    v + " backwards");
            if (v.size1() != v.size2()) {
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyConsistency(v.size1(), v.size2(), v.proof(), root2, root2),
                        v + " wrong first root");
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyConsistency(v.size1(), v.size2(), v.proof(), root1, root1),
                        v + " wrong second root");
            }
        }
    }

    /**
     * The reference's own golden probes (transparency-dev/merkle testdata/inclusion and testdata/consistency, run by
     * its
     * proof/verify_test.go TestVerifyInclusionProbes and TestVerifyConsistencyProbes): every one gets the reference's
     * answer, but one that we refuse on purpose (see {@link
     * #equalSizesWithRootsThatAreNot32BytesAreRefusedUnlikeTheReference}).
     */
    @Test
    void everyGoldenProbeOfTheReferenceGetsTheReferencesAnswer() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path root = Path.of(MerkleTest.class
                .getResource("/transparency-dev-merkle/testdata")
                .toURI());
        List<Path> probes;
        try (Stream<Path> files = Files.walk(root)) {
            probes = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(196, probes.size(), "all of the reference's inclusion and consistency probes");
        List<String> disagreements = new ArrayList<>();
        for (Path file : probes) {
            JsonNode p = json.readTree(file.toFile());
            String name = root.relativize(file).toString();
            boolean wantError = p.path("wantErr").asBoolean();
            if (name.equals(DELIBERATELY_STRICTER)) {
                wantError = true;
            }
            boolean failed;
            try {
                if (name.startsWith("inclusion")) {
                    Merkle.verifyInclusion(
                            p.path("leafIdx").asLong(),
                            p.path("treeSize").asLong(),
                            bytes(p.get("leafHash")),
                            byteList(p.get("proof")),
                            bytes(p.get("root")));
                } else {
                    Merkle.verifyConsistency(
                            p.path("size1").asLong(),
                            p.path("size2").asLong(),
                            byteList(p.get("proof")),
                            bytes(p.get("root1")),
                            bytes(p.get("root2")));
                }
                failed = false;
            } catch (VerificationException e) {
                failed = true;
            }
            if (failed != wantError) {
                disagreements.add(
                        name + " (" + p.path("desc").asText() + "): reference " + (wantError ? "fails" : "accepts"));
            }
        }
        assertEquals(List.of(), disagreements);
    }

    /** The one golden probe on which we are stricter than the reference, on purpose. */
    private static final String DELIBERATELY_STRICTER =
            "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json";

    /**
     * proof.VerifyConsistency with size1 = size2 returns root1 and compares it bytewise with root2, so two equal
     * 15-byte "roots" pass there; no SHA-256 tree has such a root, and we refuse it.
     */
    @Test
    void equalSizesWithRootsThatAreNot32BytesAreRefusedUnlikeTheReference() {
        byte[] notARoot = "don't care 2".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        VerificationException e = assertThrows(
                VerificationException.class, () -> Merkle.verifyConsistency(1, 1, List.of(), notARoot, notARoot));
        assertTrue(e.getMessage().contains("not 32"), e.getMessage());
    }

    /**
     * Reference: RootFromInclusionProof "leafHash has unexpected size"
     * (testdata/inclusion/single-entry/empty-leaf.json).
     */
    @Test
    void aLeafHashThatIsNot32BytesFailsEvenWhenItEqualsTheRoot() {
        for (int length : new int[] {0, 31, 33}) {
            byte[] leaf = new byte[length];
            assertThrows(
                    VerificationException.class,
                    () -> Merkle.verifyInclusion(0, 1, leaf, List.of(), leaf),
                    length + " bytes");
        }
        byte[] leaf = Merkle.leafHash(LEAVES.get(0));
        assertDoesNotThrow(() -> Merkle.verifyInclusion(0, 1, leaf, List.of(), leaf));
    }

    /**
     * Reference: a root of another length never matches the calculated one (inclusion/single-entry/empty-root.json).
     */
    @Test
    void aRootThatIsNot32BytesFails() {
        byte[] leaf = Merkle.leafHash(LEAVES.get(0));
        assertThrows(VerificationException.class, () -> Merkle.verifyInclusion(0, 1, leaf, List.of(), new byte[0]));
        assertThrows(
                VerificationException.class,
                () -> Merkle.verifyInclusion(0, 1, leaf, List.of(), java.util.Arrays.copyOf(leaf, 31)));
        assertThrows(
                VerificationException.class,
                () -> Merkle.verifyConsistency(
                        1, 8, CONSISTENCIES.get(1).proof(), java.util.Arrays.copyOf(ROOTS.get(1), 31), ROOTS.get(8)));
        assertThrows(
                VerificationException.class,
                () -> Merkle.verifyConsistency(
                        1, 8, CONSISTENCIES.get(1).proof(), ROOTS.get(1), java.util.Arrays.copyOf(ROOTS.get(8), 33)));
    }

    /** Reference: RootFromInclusionProof "index is beyond size" for index >= size. */
    @Test
    void anIndexAtOrBeyondTheSizeFails() {
        Inclusion v = INCLUSIONS.get(4); // index 1 of size 5
        byte[] leaf = Merkle.leafHash(LEAVES.get(1));
        assertThrows(VerificationException.class, () -> Merkle.verifyInclusion(5, 5, leaf, v.proof(), ROOTS.get(5)));
        assertThrows(VerificationException.class, () -> Merkle.verifyInclusion(6, 5, leaf, v.proof(), ROOTS.get(5)));
        assertThrows(
                VerificationException.class,
                () -> Merkle.verifyInclusion(Long.MAX_VALUE, 5, leaf, v.proof(), ROOTS.get(5)));
    }

    /**
     * Reference: testdata/inclusion/additional/0: nothing is included in the tree of size 0, not even with its root.
     */
    @Test
    void noInclusionProofFromATreeOfSizeZeroVerifies() {
        byte[] leaf = Merkle.leafHash(LEAVES.get(0));
        assertThrows(VerificationException.class, () -> Merkle.verifyInclusion(0, 0, leaf, List.of(), ROOTS.get(0)));
        assertThrows(
                VerificationException.class, () -> Merkle.verifyInclusion(0, 0, ROOTS.get(0), List.of(), ROOTS.get(0)));
    }

    /**
     * Reference: RootFromConsistencyProof "consistency proof from empty tree is meaningless", whatever the proof and
     * size2 (testdata/consistency/additional/size1-is-zero-*, sizes-are-equal-zero-*).
     */
    @Test
    void consistencyFromSizeZeroFailsWhateverTheProof() {
        assertThrows(
                VerificationException.class,
                () -> Merkle.verifyConsistency(0, 5, List.of(), ROOTS.get(0), ROOTS.get(5)));
        assertThrows(
                VerificationException.class,
                () -> Merkle.verifyConsistency(0, 5, List.of(ROOTS.get(5)), ROOTS.get(0), ROOTS.get(5)));
        assertThrows(
                VerificationException.class,
                () -> Merkle.verifyConsistency(0, 0, List.of(), ROOTS.get(0), ROOTS.get(0)));
    }

    /** Reference: size1 = size2 needs an empty proof ("size1=size2, but proof is not empty") and root1 = root2. */
    @Test
    void consistencyBetweenEqualSizesNeedsAnEmptyProofAndEqualRoots() {
        assertDoesNotThrow(() -> Merkle.verifyConsistency(5, 5, List.of(), ROOTS.get(5), ROOTS.get(5)));
        assertThrows(
                VerificationException.class,
                () -> Merkle.verifyConsistency(5, 5, List.of(ROOTS.get(1)), ROOTS.get(5), ROOTS.get(5)));
        assertThrows(
                VerificationException.class,
                () -> Merkle.verifyConsistency(5, 5, List.of(), ROOTS.get(5), ROOTS.get(4)));
    }

    /** Reference: RootFromConsistencyProof "size2 < size1". */
    @Test
    void consistencyFromALargerToASmallerTreeFails() {
        Consistency v = CONSISTENCIES.get(2); // 2 -> 5
        assertThrows(
                VerificationException.class,
                () -> Merkle.verifyConsistency(5, 2, v.proof(), ROOTS.get(5), ROOTS.get(2)));
        assertThrows(
                VerificationException.class,
                () -> Merkle.verifyConsistency(2, 1, List.of(), ROOTS.get(2), ROOTS.get(1)));
    }

    /**
     * Reference: "wrong proof size %d, want %d" for inclusion (decompInclProof) and consistency; and "empty proof" for
     * a
     * consistency proof between different sizes. Garbage before or after a correct proof is too long.
     */
    @Test
    void aProofOneHashTooLongOrTooShortFails() {
        for (Inclusion v : INCLUSIONS) {
            byte[] leaf = Merkle.leafHash(LEAVES.get(v.index()));
            assertEquals(v.proof().size(), Merkle.inclusionProofSize(v.index(), v.size()), v.toString());
            List<byte[]> longer = new ArrayList<>(v.proof());
            longer.add(ROOTS.get(1));
            VerificationException e = assertThrows(
                    VerificationException.class,
                    () -> Merkle.verifyInclusion(v.index(), v.size(), leaf, longer, ROOTS.get(v.size())));
            assertTrue(e.getMessage().contains("needs exactly " + v.proof().size()), e.getMessage());
            if (!v.proof().isEmpty()) {
                List<byte[]> shorter = v.proof().subList(0, v.proof().size() - 1);
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyInclusion(v.index(), v.size(), leaf, shorter, ROOTS.get(v.size())));
            }
        }
        for (Consistency v : CONSISTENCIES) {
            List<byte[]> longer = new ArrayList<>(v.proof());
            longer.add(ROOTS.get(1));
            assertThrows(
                    VerificationException.class,
                    () -> Merkle.verifyConsistency(
                            v.size1(), v.size2(), longer, ROOTS.get(v.size1()), ROOTS.get(v.size2())),
                    v.toString());
            if (!v.proof().isEmpty()) {
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyConsistency(
                                v.size1(),
                                v.size2(),
                                v.proof().subList(1, v.proof().size()),
                                ROOTS.get(v.size1()),
                                ROOTS.get(v.size2())),
                        v.toString());
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyConsistency(
                                v.size1(), v.size2(), List.of(), ROOTS.get(v.size1()), ROOTS.get(v.size2())),
                        v + " empty");
            }
        }
    }

    private static byte[] bytes(JsonNode base64) {
        return base64 == null || base64.isNull()
                ? new byte[0]
                : java.util.Base64.getDecoder().decode(base64.asText());
    }

    private static List<byte[]> byteList(JsonNode array) {
        List<byte[]> out = new ArrayList<>();
        if (array != null) {
            array.forEach(h -> out.add(bytes(h)));
        }
        return out;
    }

    /**
     * The verifier against the definitional tree of RFC 9162 section 2.1 over many random sizes: proofs
     * built from the definitions verify, and wrong ones do not. (The log's own prover is checked in the
     * integration test against a running audit-service.)
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2026})
    void proofsFromTheDefinitionVerifyForRandomTrees(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 40; round++) {
            int size = 1 + random.nextInt(300);
            List<byte[]> entries = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                byte[] e = new byte[random.nextInt(20)];
                random.nextBytes(e);
                entries.add(e);
            }
            int index = random.nextInt(size);
            List<byte[]> proof = DefinitionalTree.inclusionProof(entries, index);
            byte[] root = Merkle.rootHash(entries);
            assertDoesNotThrow(
                    () -> Merkle.verifyInclusion(index, size, Merkle.leafHash(entries.get(index)), proof, root));
            for (List<byte[]> mutated : mutations(proof)) {
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyInclusion(index, size, Merkle.leafHash(entries.get(index)), mutated, root));
            }
            int first = 1 + random.nextInt(size);
            List<byte[]> consistency = DefinitionalTree.consistencyProof(entries, first);
            byte[] firstRoot = Merkle.rootHash(entries.subList(0, first));
            assertDoesNotThrow(() -> Merkle.verifyConsistency(first, size, consistency, firstRoot, root));
            for (List<byte[]> mutated : mutations(consistency)) {
                assertThrows(
                        VerificationException.class,
                        () -> Merkle.verifyConsistency(first, size, mutated, firstRoot, root));
            }
        }
    }

    /**
     * Every proof that differs from {@code proof}: one bit flipped per hash, a hash dropped, one added, two swapped.
     */
    static List<List<byte[]>> mutations(List<byte[]> proof) {
        List<List<byte[]>> out = new ArrayList<>();
        for (int i = 0; i < proof.size(); i++) {
            List<byte[]> flipped = new ArrayList<>(proof);
            byte[] h = proof.get(i).clone();
            h[i % h.length] ^= 0x01;
            flipped.set(i, h);
            out.add(flipped);
            List<byte[]> dropped = new ArrayList<>(proof);
            dropped.remove(i);
            out.add(dropped);
        }
        List<byte[]> extended = new ArrayList<>(proof);
        extended.add(ROOTS.get(3));
        out.add(extended);
        List<byte[]> prefixed = new ArrayList<>(proof);
        prefixed.add(0, ROOTS.get(3));
        out.add(prefixed);
        for (int i = 0; i + 1 < proof.size(); i++) {
            if (!Arrays.equals(proof.get(i), proof.get(i + 1))) {
                List<byte[]> swapped = new ArrayList<>(proof);
                swapped.set(i, proof.get(i + 1));
                swapped.set(i + 1, proof.get(i));
                out.add(swapped);
            }
        }
        return out;
    }

    static List<byte[]> hexList(String... hex) {
        List<byte[]> out = new ArrayList<>();
        for (String h : hex) {
            out.add(HexFormat.of().parseHex(h));
        }
        return List.copyOf(out);
    }
}
