package io.photosync.audit.provenance;

import static io.photosync.common.event.EventField.*;
import static io.photosync.common.event.EventType.*;

import io.photosync.audit.provenance.ProvenanceReport.Action;
import io.photosync.audit.provenance.ProvenanceReport.ActionKind;
import io.photosync.audit.provenance.ProvenanceReport.Capture;
import io.photosync.audit.provenance.ProvenanceReport.ChainStep;
import io.photosync.audit.provenance.ProvenanceReport.Device;
import io.photosync.audit.provenance.ProvenanceReport.Explanation;
import io.photosync.audit.provenance.ProvenanceReport.Finding;
import io.photosync.audit.provenance.ProvenanceReport.FindingCode;
import io.photosync.audit.provenance.ProvenanceReport.Location;
import io.photosync.audit.provenance.ProvenanceReport.Photo;
import io.photosync.audit.provenance.ProvenanceReport.Severity;
import io.photosync.audit.provenance.ProvenanceReport.StepKind;
import io.photosync.audit.provenance.ProvenanceReport.Verdict;
import io.photosync.audit.provenance.ProvenanceReport.VerdictCode;
import io.photosync.common.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Answers "why does this photo appear on this device?" from an account's log entries alone: which
 * device uploaded it under which session, signed in when and from where, and when the asking device
 * received it; plus the findings a person should know about. Pure: the caller supplies the entries
 * (the account's session chain and the photo's chain, docs/EVENTS.md "Chains") and the evidence.
 *
 * <p>Everything the report says is a deterministic rendering of those entries, {@code asOf} and this analyzer's two
 * settings: cli's offline verifier ({@code io.photosync.cli.verify.Provenance}) re-renders it and refuses a report
 * that differs by one character. A change here is a change there too. Every personal value read, to render it or to
 * decide a finding, is read through {@link Reads} and so disclosed in the evidence. The codes are the enums of
 * {@link ProvenanceReport}; the sentences, English and Chinese, are {@link ReportWording}'s.
 */
public final class ProvenanceAnalyzer {
    /** Sign-ins farther apart than this cannot be explained by travel, even by airliner. */
    private final double impossibleTravelKmh;

    private final String accountServiceUrl;

    public ProvenanceAnalyzer(double impossibleTravelKmh, String accountServiceUrl) {
        this.impossibleTravelKmh = impossibleTravelKmh;
        this.accountServiceUrl = accountServiceUrl;
    }

    /**
     * The report without evidence, and for each cited entry the personal fields it shows.
     *
     * @param disclosed log index → personal fields whose clear values the report shows
     */
    public record Analysis(ProvenanceReport report, Map<Long, Set<String>> disclosed) {}

    /**
     * Empty when the entries hold no upload of this photo or no sign-in of this device.
     *
     * @param accountEvents the account's session chain and the photo's chain, complete up to {@code asOf.treeSize()}
     * @param asOf          the checkpoint size the entries are taken from and the instant the report is built
     */
    public Optional<Analysis> analyze(
            UUID photoId, String askingDeviceId, List<LoggedEvent> accountEvents, ProvenanceReport.AsOf asOf) {
        List<LoggedEvent> events = accountEvents.stream()
                .sorted(Comparator.comparingLong(LoggedEvent::index))
                .toList();
        List<LoggedEvent> uploads = events.stream()
                .filter(e -> e.is(PHOTO_UPLOADED) && photoId.equals(e.photoId()))
                .toList();
        Map<UUID, SessionView> sessions = sessions(events);
        Optional<SessionView> askingSession = events.stream()
                .filter(e -> e.is(SIGN_IN) && askingDeviceId.equals(e.deviceId()))
                .reduce((first, second) -> second)
                .map(e -> sessions.get(e.sessionId()));
        if (uploads.isEmpty() || askingSession.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Builder(photoId, askingDeviceId, events, uploads, sessions, askingSession.get(), asOf).build());
    }

    private static Map<UUID, SessionView> sessions(List<LoggedEvent> events) {
        Map<UUID, LoggedEvent> signIns = new LinkedHashMap<>();
        Map<UUID, LoggedEvent> revocations = new HashMap<>();
        Map<String, LoggedEvent> deviceRevocations = new HashMap<>();
        for (LoggedEvent e : events) {
            if (e.is(SIGN_IN) && e.sessionId() != null) {
                signIns.put(e.sessionId(), e);
            } else if ((e.is(SESSION_REVOKED) || e.is(REFRESH_TOKEN_REUSE)) && e.sessionId() != null) {
                revocations.putIfAbsent(e.sessionId(), e);
            } else if (e.is(DEVICE_REVOKED) && e.deviceId() != null) {
                deviceRevocations.putIfAbsent(e.deviceId(), e);
            }
        }
        Map<UUID, SessionView> sessions = new LinkedHashMap<>();
        signIns.forEach((id, signIn) -> {
            LoggedEvent ended = revocations.get(id);
            LoggedEvent deviceEnded = deviceRevocations.get(signIn.deviceId());
            if (ended == null && deviceEnded != null && deviceEnded.occurredAt().isAfter(signIn.occurredAt())) {
                ended = deviceEnded;
            }
            sessions.put(id, new SessionView(signIn, ended));
        });
        return sessions;
    }

    /** One analysis; keeps the pieces together while the report is assembled. */
    private final class Builder {
        private final UUID photoId;
        private final String askingDeviceId;
        private final List<LoggedEvent> events;
        private final List<LoggedEvent> uploads;
        private final Map<UUID, SessionView> sessions;
        private final SessionView askingSession;
        private final ProvenanceReport.AsOf asOf;
        private final Instant now;
        private final LoggedEvent firstUpload;
        private final Optional<SessionView> uploaderSession;
        private final Optional<LoggedEvent> delivery;
        private final Optional<LoggedEvent> download;
        private final Reads reads = new Reads();
        private final ReportWording wording;

        Builder(
                UUID photoId,
                String askingDeviceId,
                List<LoggedEvent> events,
                List<LoggedEvent> uploads,
                Map<UUID, SessionView> sessions,
                SessionView askingSession,
                ProvenanceReport.AsOf asOf) {
            this.photoId = photoId;
            this.askingDeviceId = askingDeviceId;
            this.events = events;
            this.uploads = uploads;
            this.sessions = sessions;
            this.askingSession = askingSession;
            this.asOf = asOf;
            this.wording = new ReportWording(asOf);
            this.now = asOf.at();
            this.firstUpload = uploads.get(0);
            this.uploaderSession = Optional.ofNullable(sessions.get(firstUpload.sessionId()));
            this.delivery = first(PHOTO_DELIVERED);
            this.download = first(PHOTO_DOWNLOADED);
        }

        private Optional<LoggedEvent> first(EventType type) {
            return events.stream()
                    .filter(e -> e.is(type) && photoId.equals(e.photoId()) && askingDeviceId.equals(e.deviceId()))
                    .findFirst();
        }

        Analysis build() {
            VerdictCode verdict = verdict();
            List<ChainStep> chain = chain();
            List<Finding> findings = findings(verdict);
            ProvenanceReport report = new ProvenanceReport(
                    photo(),
                    device(),
                    new Verdict(verdict, wording.summary(verdict, uploaderName())),
                    chain,
                    findings,
                    explanation(verdict, findings),
                    actions(verdict),
                    asOf,
                    null);
            return new Analysis(report, reads.disclosed());
        }

        private VerdictCode verdict() {
            if (askingDeviceId.equals(firstUpload.deviceId())) {
                return VerdictCode.UPLOADED_BY_THIS_DEVICE;
            }
            return delivery.isPresent() || download.isPresent()
                    ? VerdictCode.UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT
                    : VerdictCode.NOT_DELIVERED_TO_THIS_DEVICE;
        }

        private boolean uploadedByOtherDevice() {
            return !askingDeviceId.equals(firstUpload.deviceId());
        }

        private Photo photo() {
            return new Photo(
                    photoId.toString(),
                    firstUpload.dataText(SHA256).orElse(null),
                    new Capture(
                            firstUpload.dataText(CAPTURE_TAKEN_AT).orElse(null),
                            firstUpload.dataText(CAPTURE_MAKE).orElse(null),
                            firstUpload.dataText(CAPTURE_MODEL).orElse(null),
                            reads.number(firstUpload, CAPTURE_LAT).orElse(null),
                            reads.number(firstUpload, CAPTURE_LON).orElse(null)));
        }

        private Device device() {
            return new Device(
                    askingDeviceId,
                    askingSession.deviceName(reads),
                    askingSession.deviceModel(reads).orElse(null));
        }

        private List<ChainStep> chain() {
            List<ChainStep> chain = new ArrayList<>();
            Set<UUID> signInsShown = new LinkedHashSet<>();
            uploaderSession.ifPresent(s -> {
                chain.add(signInStep(s));
                signInsShown.add(s.signIn().sessionId());
            });
            for (LoggedEvent upload : uploads) {
                chain.add(activityStep(StepKind.UPLOAD, upload));
            }
            Optional<SessionView> receivingSession = delivery.or(() -> download)
                    .map(e -> sessions.get(e.sessionId()))
                    .or(() -> Optional.of(askingSession));
            receivingSession
                    .filter(s -> !signInsShown.contains(s.signIn().sessionId()))
                    .ifPresent(s -> chain.add(signInStep(s)));
            delivery.ifPresent(e -> chain.add(activityStep(StepKind.DELIVERY, e)));
            download.ifPresent(e -> chain.add(activityStep(StepKind.DOWNLOAD, e)));
            chain.sort(Comparator.comparing(ChainStep::at).thenComparingLong(ChainStep::logIndex));
            return chain;
        }

        private ChainStep signInStep(SessionView session) {
            LoggedEvent e = session.signIn();
            Location location = new Location(
                    reads.text(e, IP_CITY).orElse(null),
                    reads.text(e, IP_REGION).orElse(null),
                    reads.text(e, IP_COUNTRY).orElse(null),
                    reads.text(e, IP_SOURCE).orElse(null));
            return new ChainStep(
                    StepKind.SIGN_IN,
                    e.occurredAt(),
                    e.deviceId(),
                    session.deviceName(reads),
                    str(e.sessionId()),
                    reads.text(e, IP).orElse(null),
                    location,
                    e.dataText(AUTH_METHOD).orElse(null),
                    e.index());
        }

        private ChainStep activityStep(StepKind step, LoggedEvent e) {
            String deviceName = Optional.ofNullable(sessions.get(e.sessionId()))
                    .map(s -> s.deviceName(reads))
                    .orElse(null);
            return new ChainStep(
                    step,
                    e.occurredAt(),
                    e.deviceId(),
                    deviceName,
                    str(e.sessionId()),
                    reads.text(e, IP).orElse(null),
                    null,
                    null,
                    e.index());
        }

        private List<Finding> findings(VerdictCode verdict) {
            List<Finding> findings = new ArrayList<>();
            if (verdict == VerdictCode.UPLOADED_BY_THIS_DEVICE) {
                findings.add(new Finding(
                        FindingCode.UPLOADED_BY_THIS_DEVICE,
                        Severity.INFO,
                        wording.uploadedByThisDevice(firstUpload.occurredAt())));
            }
            if (verdict == VerdictCode.NOT_DELIVERED_TO_THIS_DEVICE) {
                findings.add(new Finding(
                        FindingCode.NO_DELIVERY_TO_THIS_DEVICE, Severity.INFO, wording.noDeliveryToThisDevice()));
            }
            askingDeviceFindings(findings);
            uploaderSession.ifPresent(s -> uploaderFindings(s, findings));
            impossibleTravel(findings);
            captureDevice(findings);
            long uploaders =
                    uploads.stream().map(LoggedEvent::deviceId).distinct().count();
            if (uploaders > 1) {
                findings.add(new Finding(
                        FindingCode.UPLOADED_BY_SEVERAL_DEVICES,
                        Severity.INFO,
                        wording.uploadedBySeveralDevices(uploaders)));
            }
            events.stream()
                    .filter(e -> e.is(PHOTO_DELETED) && photoId.equals(e.photoId()))
                    .findFirst()
                    .ifPresent(e -> findings.add(new Finding(
                            FindingCode.PHOTO_DELETED, Severity.INFO, wording.photoDeleted(e.occurredAt()))));
            supportViews(findings);
            return findings;
        }

        /**
         * Each time support read this report under the owner's grant (docs/SUPPORT.md): the access chain is evidence
         * too.
         */
        private void supportViews(List<Finding> findings) {
            events.stream()
                    .filter(e -> e.is(AGENT_ACCESS)
                            && e.dataText(READ)
                                    .filter("provenance-report"::equals)
                                    .isPresent()
                            && e.dataText(PHOTO_ID)
                                    .filter(photoId.toString()::equals)
                                    .isPresent())
                    .forEach(e -> findings.add(new Finding(
                            FindingCode.SUPPORT_VIEWED,
                            Severity.INFO,
                            wording.supportViewed(
                                    e.dataText(STAFF_ID).orElse("?"),
                                            e.dataText(STAFF_ROLE).orElse("?"),
                                    e.dataText(CASE_ID).orElse("?"), e.occurredAt()))));
        }

        /** A phone that joined the account after the upload got the photo from the account, not from its camera. */
        private void askingDeviceFindings(List<Finding> findings) {
            if (!uploadedByOtherDevice()) {
                return;
            }
            events.stream()
                    .filter(e -> e.is(SIGN_IN) && askingDeviceId.equals(e.deviceId()))
                    .findFirst()
                    .filter(firstSignIn -> firstSignIn.occurredAt().isAfter(firstUpload.occurredAt()))
                    .ifPresent(firstSignIn -> findings.add(new Finding(
                            FindingCode.NEW_DEVICE,
                            Severity.INFO,
                            wording.askingDeviceIsNew(
                                    askingSession.deviceName(reads),
                                    firstSignIn.occurredAt(),
                                    Places.describe(reads, firstSignIn)))));
        }

        private void uploaderFindings(SessionView uploader, List<Finding> findings) {
            LoggedEvent signIn = uploader.signIn();
            boolean otherDevice = uploadedByOtherDevice();
            List<LoggedEvent> earlierSignIns = events.stream()
                    .filter(e -> e.is(SIGN_IN) && e.index() < signIn.index())
                    .toList();
            boolean firstForDevice =
                    earlierSignIns.stream().noneMatch(e -> signIn.deviceId().equals(e.deviceId()));
            if (otherDevice && firstForDevice && !earlierSignIns.isEmpty()) {
                findings.add(new Finding(
                        FindingCode.NEW_DEVICE,
                        Severity.WARNING,
                        wording.uploaderIsNew(uploader.deviceName(reads), signIn.occurredAt())));
            }
            Optional<String> city = reads.text(signIn, IP_CITY);
            if (city.isPresent()
                    && !earlierSignIns.isEmpty()
                    && earlierSignIns.stream().noneMatch(e -> city.equals(reads.text(e, IP_CITY)))) {
                findings.add(new Finding(
                        FindingCode.NEW_LOCATION, Severity.WARNING, wording.newLocation(uploader.place(reads))));
            }
            if (otherDevice) {
                Instant askingStart = askingSession.signIn().occurredAt();
                if (uploader.activeAt(askingStart)) {
                    findings.add(new Finding(
                            FindingCode.CONCURRENT_SESSIONS,
                            Severity.WARNING,
                            wording.concurrentSessions(
                                    uploader.deviceName(reads),
                                    signIn.occurredAt(),
                                    uploader.place(reads),
                                    askingSession.deviceName(reads),
                                    askingStart,
                                    askingSession.place(reads))));
                }
                Optional<Instant> ended = uploader.endedAt(now);
                if (ended.isEmpty()) {
                    findings.add(new Finding(
                            FindingCode.SESSION_STILL_ACTIVE,
                            Severity.HIGH,
                            wording.sessionStillActive(signIn.sessionId(), uploader.deviceName(reads))));
                } else {
                    findings.add(new Finding(
                            FindingCode.UPLOADER_SESSION_ENDED,
                            Severity.INFO,
                            wording.uploaderSessionEnded(ended.get())));
                }
            }
        }

        private void impossibleTravel(List<Finding> findings) {
            List<LoggedEvent> located = events.stream()
                    .filter(e -> e.is(SIGN_IN) && Places.coordinates(reads, e).isPresent())
                    .toList();
            for (int i = 1; i < located.size(); i++) {
                LoggedEvent a = located.get(i - 1);
                LoggedEvent b = located.get(i);
                double km = Places.distanceKm(
                        Places.coordinates(reads, a).orElseThrow(),
                        Places.coordinates(reads, b).orElseThrow());
                double hours = Math.max(
                                Duration.between(a.occurredAt(), b.occurredAt()).toMillis(), 1)
                        / 3_600_000.0;
                if (km >= 100 && km / hours > impossibleTravelKmh) {
                    findings.add(new Finding(
                            FindingCode.IMPOSSIBLE_TRAVEL,
                            Severity.HIGH,
                            wording.impossibleTravel(
                                    a.occurredAt(),
                                    Places.describe(reads, a),
                                    b.occurredAt(),
                                    Places.describe(reads, b),
                                    km)));
                }
            }
        }

        private void captureDevice(List<Finding> findings) {
            Optional<String> make = firstUpload.dataText(CAPTURE_MAKE);
            Optional<String> model = firstUpload.dataText(CAPTURE_MODEL);
            if (make.isEmpty() && model.isEmpty()) {
                findings.add(new Finding(FindingCode.NO_CAPTURE_METADATA, Severity.INFO, wording.noCaptureMetadata()));
                return;
            }
            Optional<String> uploaderModel = uploaderSession.flatMap(s -> s.deviceModel(reads));
            if (uploaderModel.isEmpty()) {
                return;
            }
            String reported = uploaderModel.get().toLowerCase(Locale.ROOT);
            boolean matches =
                    make.map(m -> reported.contains(m.toLowerCase(Locale.ROOT))).orElse(false)
                            || model.map(m -> reported.contains(m.toLowerCase(Locale.ROOT))
                                            || m.toLowerCase(Locale.ROOT).contains(reported))
                                    .orElse(false);
            if (!matches) {
                findings.add(new Finding(
                        FindingCode.CAPTURE_DEVICE_DIFFERS,
                        Severity.WARNING,
                        wording.captureDeviceDiffers(make, model, uploaderModel.get())));
            }
        }

        private Explanation explanation(VerdictCode verdict, List<Finding> findings) {
            Optional<ReportWording.SignInFacts> signIn = uploaderSession.map(s -> new ReportWording.SignInFacts(
                    s.signIn().occurredAt(),
                    s.place(reads),
                    reads.text(s.signIn(), IP),
                    s.signIn().dataText(AUTH_METHOD)));
            return wording.explanation(
                    new ReportWording.Story(
                            verdict,
                            uploaderName(),
                            uploaderSession.flatMap(s -> s.deviceModel(reads)),
                            signIn,
                            firstUpload.occurredAt(),
                            askingSession.deviceName(reads),
                            delivery.or(() -> download).map(LoggedEvent::occurredAt)),
                    findings);
        }

        private Optional<String> uploaderName() {
            return uploaderSession.map(s -> s.deviceName(reads));
        }

        private List<Action> actions(VerdictCode verdict) {
            List<Action> actions = new ArrayList<>();
            if (verdict != VerdictCode.UPLOADED_BY_THIS_DEVICE) {
                uploaderSession.filter(s -> s.endedAt(now).isEmpty()).ifPresent(s -> {
                    actions.add(new Action(
                            ActionKind.SIGN_OUT_DEVICE,
                            "DELETE",
                            accountServiceUrl + "/v1/me/devices/" + s.signIn().deviceId()));
                    actions.add(new Action(
                            ActionKind.END_SESSION,
                            "DELETE",
                            accountServiceUrl + "/v1/me/sessions/" + s.signIn().sessionId()));
                });
            }
            actions.add(new Action(ActionKind.REVIEW_SESSIONS, "GET", accountServiceUrl + "/v1/me/sessions"));
            actions.add(new Action(ActionKind.REVIEW_ALERTS, "GET", accountServiceUrl + "/v1/me/alerts"));
            return actions;
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
