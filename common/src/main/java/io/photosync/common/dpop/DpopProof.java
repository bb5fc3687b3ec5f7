package io.photosync.common.dpop;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;

/**
 * A DPoP proof that passed every check.
 *
 * @param jkt RFC 7638 SHA-256 thumbprint (base64url) of the proof key: the device id
 * @param key the device's public key
 */
public record DpopProof(String jkt, ECKey key, String jti, Instant issuedAt) {}
