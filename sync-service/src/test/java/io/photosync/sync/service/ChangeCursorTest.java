package io.photosync.sync.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.photosync.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ChangeCursorTest {

    @Test
    void roundTrips() {
        for (long seq : new long[] {0, 1, 42, 999_999_999_999L}) {
            assertEquals(seq, ChangeCursor.decode(ChangeCursor.encode(seq)));
        }
        assertEquals(0, ChangeCursor.decode(null));
        assertEquals(0, ChangeCursor.decode(""));
    }

    @Test
    void refusesCursorsItDidNotHandOut() {
        String[] forged = {
            "12",
            "not base64 !",
            "' or 1=1 --",
            Base64.getUrlEncoder().encodeToString("c1:-5".getBytes(StandardCharsets.US_ASCII)),
            Base64.getUrlEncoder().encodeToString("c2:5".getBytes(StandardCharsets.US_ASCII)),
            Base64.getUrlEncoder().encodeToString("c1:99999999999999999999".getBytes(StandardCharsets.US_ASCII)),
            "A".repeat(5000)
        };
        for (String cursor : forged) {
            ProblemException refused = assertThrows(ProblemException.class, () -> ChangeCursor.decode(cursor), cursor);
            assertEquals(400, refused.problem().status());
        }
    }
}
