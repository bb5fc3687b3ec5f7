package io.photosync.account.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    /**
     * Made by the Argon2 reference implementation: echo -n "correct horse battery" | argon2 "photosync-salt16" -id -t 2
     * -k 19456 -p 1 -l 32 -e
     */
    private static final String REFERENCE =
            "$argon2id$v=19$m=19456,t=2,p=1$cGhvdG9zeW5jLXNhbHQxNg$i2TrsA2icryMK4Mc+lqvP/nNua1qP4ya5+23njx6pCo";

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void verifiesAHashMadeByTheReferenceImplementation() {
        assertTrue(hasher.verify("correct horse battery", REFERENCE));
        assertFalse(hasher.verify("correct horse batterY", REFERENCE));
    }

    @Test
    void hashesAtTheOwaspMinimumWithAFreshSalt() {
        String a = hasher.hash("correct horse battery");
        String b = hasher.hash("correct horse battery");
        assertTrue(a.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), a);
        assertNotEquals(a, b);
        assertTrue(hasher.verify("correct horse battery", a));
        assertFalse(hasher.verify("correct horse battery!", a));
    }

    @Test
    void theDummyNeverMatches() {
        assertFalse(hasher.verifyAgainstDummy("anything at all"));
    }
}
