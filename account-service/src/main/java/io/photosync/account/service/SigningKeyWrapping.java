package io.photosync.account.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private signing keys before they go into the database (AES-256-GCM, the key id as
 * associated data), with a wrapping key that lives outside the database (a Kubernetes Secret:
 * {@code account.keys.wrapping-key}). Without a wrapping key, keys are stored as plain JWK JSON. Once a wrapping key
 * is configured a plain row is refused, never signed with: nobody can tell it from one planted by someone who can
 * write to the database and wants tokens signed with a key they know.
 */
public final class SigningKeyWrapping {
    private static final String PREFIX = "A256GCM:";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<SecretKeySpec> key;

    public SigningKeyWrapping(Optional<String> base64Key) {
        this.key = base64Key.map(k -> {
            byte[] bytes = Base64.getDecoder().decode(k);
            if (bytes.length != 32) {
                throw new IllegalArgumentException("account.keys.wrapping-key must be 32 bytes, base64");
            }
            return new SecretKeySpec(bytes, "AES");
        });
    }

    public boolean encrypts() {
        return key.isPresent();
    }

    public String wrap(String kid, String privateJwk) {
        if (key.isEmpty()) {
            return privateJwk;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.get(), new GCMParameterSpec(128, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(privateJwk.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                                    .put(iv)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap signing key", e);
        }
    }

    /**
     * The private JWK JSON; fails when the stored key is wrapped and the wrapping key is absent or wrong, and when it
     * is stored unwrapped although a wrapping key is configured.
     */
    public String unwrap(String kid, String stored) throws GeneralSecurityException {
        if (!stored.startsWith(PREFIX)) {
            if (key.isPresent()) {
                throw new GeneralSecurityException("signing key " + kid + " is stored unwrapped although"
                        + " account.keys.wrapping-key is set: refused; delete its row once you know how it got there");
            }
            return stored;
        }
        if (key.isEmpty()) {
            throw new GeneralSecurityException(
                    "signing key " + kid + " is wrapped but no account.keys.wrapping-key is configured");
        }
        byte[] data = Base64.getUrlDecoder().decode(stored.substring(PREFIX.length()));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(128, data, 0, IV_BYTES));
        cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
    }
}
