package io.photosync.common.dpop;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-provided DPoP nonces (RFC 9449 section 8) without server state: a nonce is a time slot
 * plus its HMAC under a secret all replicas share, valid for the current and the previous slot.
 */
public final class DpopNonces {
    private final byte[] secret;
    private final Duration slot;
    private final Clock clock;

    public DpopNonces(byte[] secret, Duration slot, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("nonce secret must have at least 256 bits");
        }
        this.secret = secret.clone();
        this.slot = slot;
        this.clock = clock;
    }

    /** The nonce to hand out now in the {@code DPoP-Nonce} header. */
    public String current() {
        return forSlot(currentSlot());
    }

    public boolean isValid(String nonce) {
        if (nonce == null) {
            return false;
        }
        long now = currentSlot();
        return constantTimeEquals(nonce, forSlot(now)) || constantTimeEquals(nonce, forSlot(now - 1));
    }

    private long currentSlot() {
        return clock.millis() / slot.toMillis();
    }

    private String forSlot(long slotNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] slotBytes =
                    ByteBuffer.allocate(Long.BYTES).putLong(slotNumber).array();
            byte[] tag = mac.doFinal(slotBytes);
            ByteBuffer nonce =
                    ByteBuffer.allocate(Long.BYTES + 16).put(slotBytes).put(tag, 0, 16);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(
                a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
