package io.photosync.audit.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The answer to "why does this photo appear on my device?" — the shape of docs/ARCHITECTURE.md. Everything but the
 * evidence is a deterministic rendering of the evidence entries and {@code asOf} (docs/EVENTS.md, "What
 * {@code verify} checks"): the offline verifier recomputes it and refuses a report that differs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvenanceReport(
        Photo photo,
        Device device,
        Verdict verdict,
        List<ChainStep> chain,
        List<Finding> findings,
        Explanation explanation,
        List<Action> actions,
        AsOf asOf,
        Evidence evidence) {

    public ProvenanceReport withEvidence(Evidence newEvidence) {
        return new ProvenanceReport(photo, device, verdict, chain, findings, explanation, actions, asOf, newEvidence);
    }

    /**
     * What the report was built over: the signed checkpoint's size (the evidence's inclusion proofs are against it)
     * and the instant it was built, with which time-dependent facts (a session expired or not) were decided.
     */
    public record AsOf(long treeSize, Instant at) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Photo(String id, String sha256, Capture capture) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Capture(String takenAt, String make, String model, Double lat, Double lon) {}

    /** The asking device; name and model are self-reported by the device at sign-in. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Device(String id, String name, String model) {}

    public record Verdict(VerdictCode code, String summary) {}

    /** What the log says about how the photo reached the asking device. */
    public enum VerdictCode {
        UPLOADED_BY_THIS_DEVICE,
        /** Delivered or downloaded by sync. */
        UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT,
        /** The photo is on the account, but the log has no delivery to this phone: an answer, not an error. */
        NOT_DELIVERED_TO_THIS_DEVICE
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChainStep(
            StepKind step,
            Instant at,
            String deviceId,
            String deviceName,
            String sessionId,
            String ip,
            Location location,
            String authMethod,
            long logIndex) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Location(String city, String region, String country, String source) {}

    public record Finding(FindingCode code, Severity severity, String detail) {}

    public enum StepKind {
        SIGN_IN,
        UPLOAD,
        DELIVERY,
        DOWNLOAD
    }

    public enum FindingCode {
        UPLOADED_BY_THIS_DEVICE,
        NO_DELIVERY_TO_THIS_DEVICE,
        NEW_DEVICE,
        NEW_LOCATION,
        CONCURRENT_SESSIONS,
        SESSION_STILL_ACTIVE,
        UPLOADER_SESSION_ENDED,
        IMPOSSIBLE_TRAVEL,
        NO_CAPTURE_METADATA,
        CAPTURE_DEVICE_DIFFERS,
        UPLOADED_BY_SEVERAL_DEVICES,
        PHOTO_DELETED,
        SUPPORT_VIEWED
    }

    /** How much a finding should worry the owner; written lower-case in the report. */
    public enum Severity {
        INFO,
        WARNING,
        HIGH;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Explanation(String en, String zh) {}

    public record Action(ActionKind kind, String method, String href) {}

    public enum ActionKind {
        SIGN_OUT_DEVICE,
        END_SESSION,
        REVIEW_SESSIONS,
        REVIEW_ALERTS
    }

    public record Evidence(String checkpoint, String logKey, List<EvidenceEntry> entries) {}

    public record EvidenceEntry(long index, String leaf, List<String> inclusionProof, List<Disclosure> disclosures) {}

    public record Disclosure(String field, String salt, Object value) {}
}
