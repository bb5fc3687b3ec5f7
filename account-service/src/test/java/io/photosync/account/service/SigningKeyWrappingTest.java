package io.photosync.account.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigningKeyWrappingTest {
    private static final String JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"d\":\"secret\"}";
    private static final Optional<String> KEY = Optional.of(Base64.getEncoder().encodeToString(new byte[32]));
    private static final Optional<String> OTHER_KEY =
            Optional.of(Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes()));

    @Test
    void wrapsAndUnwraps() throws Exception {
        SigningKeyWrapping wrapping = new SigningKeyWrapping(KEY);
        String stored = wrapping.wrap("kid-1", JWK);
        assertTrue(stored.startsWith("A256GCM:"));
        assertTrue(!stored.contains("secret"));
        assertNotEquals(stored, wrapping.wrap("kid-1", JWK), "fresh IV each time");
        assertEquals(JWK, wrapping.unwrap("kid-1", stored));
    }

    @Test
    void aWrappedKeyIsBoundToItsIdAndToTheWrappingKey() {
        String stored = new SigningKeyWrapping(KEY).wrap("kid-1", JWK);
        assertThrows(GeneralSecurityException.class, () -> new SigningKeyWrapping(KEY).unwrap("kid-2", stored));
        assertThrows(GeneralSecurityException.class, () -> new SigningKeyWrapping(OTHER_KEY).unwrap("kid-1", stored));
        assertThrows(
                GeneralSecurityException.class, () -> new SigningKeyWrapping(Optional.empty()).unwrap("kid-1", stored));
    }

    @Test
    void withoutAWrappingKeyKeysArePlain() throws Exception {
        SigningKeyWrapping plain = new SigningKeyWrapping(Optional.empty());
        assertEquals(JWK, plain.wrap("kid-1", JWK));
        assertEquals(JWK, plain.unwrap("kid-1", JWK));
    }

    @Test
    void withAWrappingKeyAPlainKeyIsRefusedNamingItsId() {
        GeneralSecurityException refused = assertThrows(
                GeneralSecurityException.class, () -> new SigningKeyWrapping(KEY).unwrap("kid-plain", JWK));
        assertTrue(refused.getMessage().contains("signing key kid-plain is stored unwrapped"), refused.getMessage());
    }

    @Test
    void aWrappingKeyOfTheWrongSizeIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new SigningKeyWrapping(Optional.of(Base64.getEncoder().encodeToString(new byte[16]))));
    }
}
