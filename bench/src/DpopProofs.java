import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import java.util.UUID;

/** The benchmarks' DPoP proofs (RFC 9449), one Nimbus code path for every server they talk to. */
final class DpopProofs {
    private DpopProofs() {}

    /** A fresh proof by {@code key} for {@code method url}; {@code ath} (the access token's hash) unless null. */
    static String proof(ECKey key, String method, String url, String ath) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", method)
                .claim("htu", url)
                .issueTime(new Date());
        if (ath != null) {
            claims.claim("ath", ath);
        }
        SignedJWT proof = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("dpop+jwt"))
                        .jwk(key.toPublicJWK())
                        .build(),
                claims.build());
        proof.sign(new ECDSASigner(key));
        return proof.serialize();
    }
}
