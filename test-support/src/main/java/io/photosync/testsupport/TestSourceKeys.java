package io.photosync.testsupport;

/**
 * TEST-ONLY source keys: the P-256 key pairs account-service and sync-service use to sign their
 * submissions to audit-service in tests, and the one audit-service uses to call account-service's
 * support API. audit-service's {@code %test} profile trusts the public halves of the first two,
 * account-service's that of the third. Never configure these anywhere but in tests.
 */
public final class TestSourceKeys {
    public static final String ACCOUNT_SERVICE = "account-service";
    public static final String SYNC_SERVICE = "sync-service";
    public static final String AUDIT_SERVICE = "audit-service";

    /** TEST-ONLY private JWK of account-service. */
    public static final String ACCOUNT_SERVICE_PRIVATE_JWK = """
        {"kty":"EC","d":"0AoiO-4izusgmk0pRNnyGHTxHvn2BFacj1S3UI5zids","crv":"P-256","kid":"account-service",\
        "x":"LJBEu00XsUVI6SO6KalVfhfYffLSlq9-j83MccNGGXc","y":"FRTN-N4z2PzPW-_4NxELCUsewK0P68aT3LXh1Mphkfk"}\
        """;

    /** TEST-ONLY private JWK of sync-service. */
    public static final String SYNC_SERVICE_PRIVATE_JWK = """
        {"kty":"EC","d":"CEiu-RXk6OySq81vffmMIre9Xi6oTYG0XlrsGxKiHQI","crv":"P-256","kid":"sync-service",\
        "x":"BAepWvEdxAQXXCAvUWiN_-UaSGjG7kxJRiU-9uZwmaE","y":"-Sj_yDAJoxxXYJpEy6PgGAYgHQ-3fcPCd1_-HtkuEfE"}\
        """;

    /** TEST-ONLY private JWK of audit-service (its calls to account-service's support API). */
    public static final String AUDIT_SERVICE_PRIVATE_JWK = """
        {"kty":"EC","d":"XIqMa41R5qFiuumPAUI-NncYaPqkAfXuUYiFM6Pszvk","crv":"P-256","kid":"audit-service",\
        "x":"FjQiucmospTp6roMB1EvIpbDfx--qWh4oNhE0CvpLHI","y":"UC2kzk5ctLUZo-IDxdyLo6BCp7m3_lbrg-pWNNkBlM4"}\
        """;

    private TestSourceKeys() {}

    public static String privateJwk(String source) {
        return switch (source) {
            case ACCOUNT_SERVICE -> ACCOUNT_SERVICE_PRIVATE_JWK;
            case SYNC_SERVICE -> SYNC_SERVICE_PRIVATE_JWK;
            case AUDIT_SERVICE -> AUDIT_SERVICE_PRIVATE_JWK;
            default -> throw new IllegalArgumentException("no test key for " + source);
        };
    }

    /** The public half of {@link #privateJwk}, as the receiving service is configured with it. */
    public static String publicJwk(String source) {
        try {
            return com.nimbusds.jose.jwk.ECKey.parse(privateJwk(source))
                    .toPublicJWK()
                    .toJSONString();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
