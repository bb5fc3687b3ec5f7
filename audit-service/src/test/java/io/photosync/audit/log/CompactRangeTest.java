package io.photosync.audit.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactRangeTest {
    @Test
    void theRootAtEverySizeIsTheReferenceRootOfTheSameLeaves() {
        CompactRange range = new CompactRange();
        List<byte[]> leaves = new ArrayList<>();
        assertArrayEquals(IndependentVerifier.rootOf(leaves), range.root(), "size 0");
        for (int n = 1; n <= 1100; n++) {
            byte[] leaf = Hashes.leafHash(("leaf " + n).getBytes(StandardCharsets.UTF_8));
            leaves.add(leaf);
            range.append(leaf);
            if (n <= 300 || n % 97 == 0 || Long.bitCount(n) == 1) {
                assertArrayEquals(IndependentVerifier.rootOf(leaves), range.root(), "size " + n);
            }
        }
    }
}
