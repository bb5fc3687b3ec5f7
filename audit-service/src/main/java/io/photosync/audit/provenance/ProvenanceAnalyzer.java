package io.photosync.audit.provenance;

import io.photosync.audit.provenance.ProvenanceReport.Action;
import io.photosync.audit.provenance.ProvenanceReport.Capture;
import io.photosync.audit.provenance.ProvenanceReport.ChainStep;
import io.photosync.audit.provenance.ProvenanceReport.Device;
import io.photosync.audit.provenance.ProvenanceReport.Explanation;
import io.photosync.audit.provenance.ProvenanceReport.Finding;
import io.photosync.audit.provenance.ProvenanceReport.Location;
import io.photosync.audit.provenance.ProvenanceReport.Photo;
import io.photosync.audit.provenance.ProvenanceReport.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * decide a finding, is read through {@link Reads} and so disclosed in the evidence.
 */
public final class ProvenanceAnalyzer {
    public static final String UPLOADED_BY_THIS_DEVICE = "UPLOADED_BY_THIS_DEVICE";
    public static final String UPLOADED_BY_OTHER_DEVICE = "UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT";
    public static final String NOT_DELIVERED = "NOT_DELIVERED_TO_THIS_DEVICE";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
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
    public record Analysis(ProvenanceReport report, Map<Long, Set<String>> disclosed) {
    }

    /**
     * Empty when the entries hold no upload of this photo or no sign-in of this device.
     *
     * @param accountEvents the account's session chain and the photo's chain, complete up to {@code asOf.treeSize()}
     * @param asOf          the checkpoint size the entries are taken from and the instant the report is built
     */
    public Optional<Analysis> analyze(UUID photoId, String askingDeviceId, List<LoggedEvent> accountEvents, ProvenanceReport.AsOf asOf) {
        List<LoggedEvent> events = accountEvents.stream().sorted(Comparator.comparingLong(LoggedEvent::index)).toList();
        List<LoggedEvent> uploads = events.stream()
                .filter(e -> e.is("PHOTO_UPLOADED") && photoId.equals(e.photoId())).toList();
        Map<UUID, SessionView> sessions = sessions(events);
        Optional<SessionView> askingSession = events.stream()
                .filter(e -> e.is("SIGN_IN") && askingDeviceId.equals(e.deviceId()))
                .reduce((first, second) -> second)
                .map(e -> sessions.get(e.sessionId()));
        if (uploads.isEmpty() || askingSession.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Builder(photoId, askingDeviceId, events, uploads, sessions, askingSession.get(), asOf).build());
    }

    private static Map<UUID, SessionView> sessions(List<LoggedEvent> events) {
        Map<UUID, LoggedEvent> signIns = new LinkedHashMap<>();
        Map<UUID, LoggedEvent> revocations = new HashMap<>();
        Map<String, LoggedEvent> deviceRevocations = new HashMap<>();
        for (LoggedEvent e : events) {
            if (e.is("SIGN_IN") && e.sessionId() != null) {
                signIns.put(e.sessionId(), e);
            } else if ((e.is("SESSION_REVOKED") || e.is("REFRESH_TOKEN_REUSE")) && e.sessionId() != null) {
                revocations.putIfAbsent(e.sessionId(), e);
            } else if (e.is("DEVICE_REVOKED") && e.deviceId() != null) {
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

        Builder(UUID photoId, String askingDeviceId, List<LoggedEvent> events, List<LoggedEvent> uploads,
                Map<UUID, SessionView> sessions, SessionView askingSession, ProvenanceReport.AsOf asOf) {
            this.photoId = photoId;
            this.askingDeviceId = askingDeviceId;
            this.events = events;
            this.uploads = uploads;
            this.sessions = sessions;
            this.askingSession = askingSession;
            this.asOf = asOf;
            this.now = asOf.at();
            this.firstUpload = uploads.get(0);
            this.uploaderSession = Optional.ofNullable(sessions.get(firstUpload.sessionId()));
            this.delivery = first("PHOTO_DELIVERED");
            this.download = first("PHOTO_DOWNLOADED");
        }

        private Optional<LoggedEvent> first(String type) {
            return events.stream()
                    .filter(e -> e.is(type) && photoId.equals(e.photoId()) && askingDeviceId.equals(e.deviceId()))
                    .findFirst();
        }

        Analysis build() {
            String verdictCode = verdictCode();
            List<ChainStep> chain = chain();
            List<Finding> findings = findings(verdictCode);
            ProvenanceReport report = new ProvenanceReport(photo(), device(), new Verdict(verdictCode, summary(verdictCode)),
                    chain, findings, explanation(verdictCode, findings), actions(verdictCode), asOf, null);
            return new Analysis(report, reads.disclosed());
        }

        private String verdictCode() {
            if (askingDeviceId.equals(firstUpload.deviceId())) {
                return UPLOADED_BY_THIS_DEVICE;
            }
            return delivery.isPresent() || download.isPresent() ? UPLOADED_BY_OTHER_DEVICE : NOT_DELIVERED;
        }

        private boolean uploadedByOtherDevice() {
            return !askingDeviceId.equals(firstUpload.deviceId());
        }

        /** "As of log size 42 (2026-12-03 10:15:30 UTC)": how every absence the report asserts begins. */
        private String asOfEn() {
            return "As of log size " + asOf.treeSize() + " (" + TIME.format(asOf.at()) + ")";
        }

        private String asOfZh() {
            return "截至日志大小 " + asOf.treeSize() + "（" + TIME.format(asOf.at()) + "）";
        }

        private Photo photo() {
            return new Photo(photoId.toString(), firstUpload.dataText("sha256").orElse(null), new Capture(
                    firstUpload.dataText("captureTakenAt").orElse(null),
                    firstUpload.dataText("captureMake").orElse(null),
                    firstUpload.dataText("captureModel").orElse(null),
                    reads.number(firstUpload, "captureLat").orElse(null),
                    reads.number(firstUpload, "captureLon").orElse(null)));
        }

        private Device device() {
            return new Device(askingDeviceId, askingSession.deviceName(reads), askingSession.deviceModel(reads).orElse(null));
        }

        private List<ChainStep> chain() {
            List<ChainStep> chain = new ArrayList<>();
            Set<UUID> signInsShown = new LinkedHashSet<>();
            uploaderSession.ifPresent(s -> {
                chain.add(signInStep(s));
                signInsShown.add(s.signIn().sessionId());
            });
            for (LoggedEvent upload : uploads) {
                chain.add(activityStep("UPLOAD", upload));
            }
            Optional<SessionView> receivingSession = delivery.or(() -> download)
                    .map(e -> sessions.get(e.sessionId()))
                    .or(() -> Optional.of(askingSession));
            receivingSession.filter(s -> !signInsShown.contains(s.signIn().sessionId()))
                    .ifPresent(s -> chain.add(signInStep(s)));
            delivery.ifPresent(e -> chain.add(activityStep("DELIVERY", e)));
            download.ifPresent(e -> chain.add(activityStep("DOWNLOAD", e)));
            chain.sort(Comparator.comparing(ChainStep::at).thenComparingLong(ChainStep::logIndex));
            return chain;
        }

        private ChainStep signInStep(SessionView session) {
            LoggedEvent e = session.signIn();
            Location location = new Location(reads.text(e, "ipCity").orElse(null), reads.text(e, "ipRegion").orElse(null),
                    reads.text(e, "ipCountry").orElse(null), reads.text(e, "ipSource").orElse(null));
            return new ChainStep("SIGN_IN", e.occurredAt(), e.deviceId(), session.deviceName(reads), str(e.sessionId()),
                    reads.text(e, "ip").orElse(null), location, e.dataText("authMethod").orElse(null), e.index());
        }

        private ChainStep activityStep(String step, LoggedEvent e) {
            String deviceName = Optional.ofNullable(sessions.get(e.sessionId())).map(s -> s.deviceName(reads)).orElse(null);
            return new ChainStep(step, e.occurredAt(), e.deviceId(), deviceName, str(e.sessionId()),
                    reads.text(e, "ip").orElse(null), null, null, e.index());
        }

        private List<Finding> findings(String verdictCode) {
            List<Finding> findings = new ArrayList<>();
            if (verdictCode.equals(UPLOADED_BY_THIS_DEVICE)) {
                findings.add(new Finding(UPLOADED_BY_THIS_DEVICE, "info",
                        "This device uploaded the photo itself at " + TIME.format(firstUpload.occurredAt()) + "."));
            }
            if (verdictCode.equals(NOT_DELIVERED)) {
                findings.add(new Finding("NO_DELIVERY_TO_THIS_DEVICE", "info",
                        asOfEn() + ", the log records no delivery or download of this photo to this device;"
                                + " events still waiting in a service's outbox may not be logged yet."));
            }
            askingDeviceFindings(findings);
            uploaderSession.ifPresent(s -> uploaderFindings(s, findings));
            impossibleTravel(findings);
            captureDevice(findings);
            long uploaders = uploads.stream().map(LoggedEvent::deviceId).distinct().count();
            if (uploaders > 1) {
                findings.add(new Finding("UPLOADED_BY_SEVERAL_DEVICES", "info",
                        "The same bytes were uploaded by " + uploaders + " devices of this account."));
            }
            events.stream().filter(e -> e.is("PHOTO_DELETED") && photoId.equals(e.photoId())).findFirst()
                    .ifPresent(e -> findings.add(new Finding("PHOTO_DELETED", "info",
                            "The photo was deleted at " + TIME.format(e.occurredAt()) + ".")));
            supportViews(findings);
            return findings;
        }

        /** A phone that joined the account after the upload got the photo from the account, not from its camera. */
        /** Each time support read this report under the owner's grant (docs/SUPPORT.md): the access chain is evidence too. */
        private void supportViews(List<Finding> findings) {
            events.stream().filter(e -> e.is("AGENT_ACCESS") && e.dataText("read").filter("provenance-report"::equals).isPresent()
                            && e.dataText("photoId").filter(photoId.toString()::equals).isPresent())
                    .forEach(e -> findings.add(new Finding("SUPPORT_VIEWED", "info", "Support agent " + e.dataText("staffId").orElse("?")
                            + " (" + e.dataText("staffRole").orElse("?") + ") read this report for case " + e.dataText("caseId").orElse("?")
                            + " at " + TIME.format(e.occurredAt()) + ".")));
        }

        private void askingDeviceFindings(List<Finding> findings) {
            if (!uploadedByOtherDevice()) {
                return;
            }
            events.stream().filter(e -> e.is("SIGN_IN") && askingDeviceId.equals(e.deviceId())).findFirst()
                    .filter(firstSignIn -> firstSignIn.occurredAt().isAfter(firstUpload.occurredAt()))
                    .ifPresent(firstSignIn -> findings.add(new Finding("NEW_DEVICE", "info", "This device, \""
                            + askingSession.deviceName(reads) + "\", first signed in to the account at "
                            + TIME.format(firstSignIn.occurredAt()) + " from " + Places.describe(reads, firstSignIn)
                            + ", after the photo had been uploaded: it came from the account, not from this device's camera.")));
        }

        private void uploaderFindings(SessionView uploader, List<Finding> findings) {
            LoggedEvent signIn = uploader.signIn();
            boolean otherDevice = uploadedByOtherDevice();
            List<LoggedEvent> earlierSignIns = events.stream()
                    .filter(e -> e.is("SIGN_IN") && e.index() < signIn.index()).toList();
            boolean firstForDevice = earlierSignIns.stream().noneMatch(e -> signIn.deviceId().equals(e.deviceId()));
            if (otherDevice && firstForDevice && !earlierSignIns.isEmpty()) {
                findings.add(new Finding("NEW_DEVICE", "warning", "\"" + uploader.deviceName(reads) + "\" had never signed in to this account before "
                        + TIME.format(signIn.occurredAt()) + "."));
            }
            Optional<String> city = reads.text(signIn, "ipCity");
            if (city.isPresent() && !earlierSignIns.isEmpty()
                    && earlierSignIns.stream().noneMatch(e -> city.equals(reads.text(e, "ipCity")))) {
                findings.add(new Finding("NEW_LOCATION", "warning", "The uploading device signed in from "
                        + uploader.place(reads) + ", a place this account had never signed in from before."));
            }
            if (otherDevice) {
                Instant askingStart = askingSession.signIn().occurredAt();
                if (uploader.activeAt(askingStart)) {
                    findings.add(new Finding("CONCURRENT_SESSIONS", "warning", "\"" + uploader.deviceName(reads) + "\" (signed in "
                            + TIME.format(signIn.occurredAt()) + " from " + uploader.place(reads) + ") was still signed in when \""
                            + askingSession.deviceName(reads) + "\" signed in at " + TIME.format(askingStart) + " from "
                            + askingSession.place(reads) + "."));
                }
                Optional<Instant> ended = uploader.endedAt(now);
                if (ended.isEmpty()) {
                    findings.add(new Finding("SESSION_STILL_ACTIVE", "high", asOfEn() + ", the log records no end of the"
                            + " uploading device's session " + signIn.sessionId() + " (no sign-out, revocation or expiry): it is still"
                            + " active. If you do not recognise \"" + uploader.deviceName(reads) + "\", sign it out."));
                } else {
                    findings.add(new Finding("UPLOADER_SESSION_ENDED", "info", "The uploading device's session ended at "
                            + TIME.format(ended.get()) + "."));
                }
            }
        }

        private void impossibleTravel(List<Finding> findings) {
            List<LoggedEvent> located = events.stream()
                    .filter(e -> e.is("SIGN_IN") && Places.coordinates(reads, e).isPresent()).toList();
            for (int i = 1; i < located.size(); i++) {
                LoggedEvent a = located.get(i - 1);
                LoggedEvent b = located.get(i);
                double km = Places.distanceKm(Places.coordinates(reads, a).orElseThrow(), Places.coordinates(reads, b).orElseThrow());
                double hours = Math.max(Duration.between(a.occurredAt(), b.occurredAt()).toMillis(), 1) / 3_600_000.0;
                if (km >= 100 && km / hours > impossibleTravelKmh) {
                    findings.add(new Finding("IMPOSSIBLE_TRAVEL", "high", String.format(Locale.ROOT,
                            "Sign-ins at %s from %s and at %s from %s are %,.0f km apart but only %s apart: faster than an airliner.",
                            TIME.format(a.occurredAt()), Places.describe(reads, a), TIME.format(b.occurredAt()), Places.describe(reads, b),
                            km, humanDuration(Duration.between(a.occurredAt(), b.occurredAt())))));
                }
            }
        }

        private void captureDevice(List<Finding> findings) {
            Optional<String> make = firstUpload.dataText("captureMake");
            Optional<String> model = firstUpload.dataText("captureModel");
            if (make.isEmpty() && model.isEmpty()) {
                findings.add(new Finding("NO_CAPTURE_METADATA", "info", "The photo carries no camera make or model."));
                return;
            }
            Optional<String> uploaderModel = uploaderSession.flatMap(s -> s.deviceModel(reads));
            if (uploaderModel.isEmpty()) {
                return;
            }
            String reported = uploaderModel.get().toLowerCase(Locale.ROOT);
            boolean matches = make.map(m -> reported.contains(m.toLowerCase(Locale.ROOT))).orElse(false)
                    || model.map(m -> reported.contains(m.toLowerCase(Locale.ROOT)) || m.toLowerCase(Locale.ROOT).contains(reported)).orElse(false);
            if (!matches) {
                findings.add(new Finding("CAPTURE_DEVICE_DIFFERS", "warning", "The photo was taken with a "
                        + make.orElse("") + " " + model.orElse("") + " camera, but the uploading device reports itself as "
                        + uploaderModel.get() + "."));
            }
        }

        private String summary(String verdictCode) {
            String uploaderName = uploaderSession.map(s -> s.deviceName(reads)).orElse("an unknown device");
            return switch (verdictCode) {
                case UPLOADED_BY_THIS_DEVICE -> "This device uploaded this photo itself.";
                case UPLOADED_BY_OTHER_DEVICE -> "Uploaded by \"" + uploaderName + "\", another device signed in to this account, "
                        + "and delivered to this device by sync.";
                default -> "Uploaded by \"" + uploaderName + "\"; as of log size " + asOf.treeSize() + " (" + TIME.format(asOf.at())
                        + "), the log records no delivery of it to this device.";
            };
        }

        private Explanation explanation(String verdictCode, List<Finding> findings) {
            String uploaderName = uploaderSession.map(s -> s.deviceName(reads)).orElse("an unknown device");
            String uploaderModel = uploaderSession.flatMap(s -> s.deviceModel(reads)).orElse("unknown model");
            String signInEn = uploaderSession.map(s -> " That device signed in at " + TIME.format(s.signIn().occurredAt())
                    + " from " + s.place(reads) + reads.text(s.signIn(), "ip").map(ip -> " (IP " + ip + ")").orElse("")
                    + s.signIn().dataText("authMethod").map(m -> " using " + m).orElse("") + ".").orElse("");
            String signInZh = uploaderSession.map(s -> "该设备于 " + TIME.format(s.signIn().occurredAt()) + " 从 " + s.place(reads)
                    + reads.text(s.signIn(), "ip").map(ip -> "（IP " + ip + "）").orElse("") + " 登录"
                    + s.signIn().dataText("authMethod").map(m -> "，方式：" + m).orElse("") + "。").orElse("");
            String uploadedAt = TIME.format(firstUpload.occurredAt());
            String asking = askingSession.deviceName(reads);
            StringBuilder en = new StringBuilder();
            StringBuilder zh = new StringBuilder();
            switch (verdictCode) {
                case UPLOADED_BY_THIS_DEVICE -> {
                    en.append("This device, \"").append(asking).append("\", uploaded the photo itself at ").append(uploadedAt).append('.').append(signInEn);
                    zh.append("这张照片是本设备“").append(asking).append("”于 ").append(uploadedAt).append(" 自己上传的。").append(signInZh);
                }
                case UPLOADED_BY_OTHER_DEVICE -> {
                    en.append("This photo was uploaded to your account at ").append(uploadedAt).append(" by another device, \"")
                            .append(uploaderName).append("\" (").append(uploaderModel)
                            .append(", as the device reports itself), which proved it holds its device key.").append(signInEn);
                    zh.append("这张照片于 ").append(uploadedAt).append(" 由您账号下的另一台设备“").append(uploaderName).append("”（")
                            .append(uploaderModel).append("，设备自报型号）上传，该设备以其设备密钥证明了身份。").append(signInZh);
                    delivery.or(() -> download).ifPresent(e -> {
                        en.append(" Your device \"").append(asking).append("\" received it through sync at ")
                                .append(TIME.format(e.occurredAt())).append('.');
                        zh.append("您的设备“").append(asking).append("”于 ").append(TIME.format(e.occurredAt()))
                                .append(" 通过云同步收到了这张照片。");
                    });
                }
                default -> {
                    en.append("This photo was uploaded at ").append(uploadedAt).append(" by \"").append(uploaderName).append("\". ")
                            .append(asOfEn()).append(", the log records no delivery or download of it to this device, \"").append(asking)
                            .append("\"; events still waiting in a service's outbox may not be logged yet.").append(signInEn);
                    zh.append("这张照片于 ").append(uploadedAt).append(" 由“").append(uploaderName).append("”上传。").append(asOfZh())
                            .append("，日志中没有它被同步或下载到本设备“").append(asking)
                            .append("”的记录；仍在服务发件箱中等待的事件可能尚未记入日志。").append(signInZh);
                }
            }
            for (Finding finding : findings) {
                switch (finding.code()) {
                    case "SESSION_STILL_ACTIVE" -> {
                        en.append(" ").append(asOfEn()).append(", that device is still signed in: if you do not recognise it, sign it out.");
                        zh.append(asOfZh()).append("，该设备仍处于登录状态：如果您不认识它，请将其退出登录。");
                    }
                    case "CONCURRENT_SESSIONS" -> {
                        en.append(" It was signed in at the same time as this device.");
                        zh.append("它与本设备同时处于登录状态。");
                    }
                    case "IMPOSSIBLE_TRAVEL" -> {
                        en.append(" ").append(finding.detail());
                        zh.append("两次登录的距离和时间间隔说明不可能是同一个人旅行所致（比飞机还快）。");
                    }
                    case "CAPTURE_DEVICE_DIFFERS" -> {
                        en.append(" ").append(finding.detail());
                        zh.append("照片的拍摄相机与上传设备自报的型号不一致。");
                    }
                    default -> {
                    }
                }
            }
            en.append(" Every fact above is an entry in the tamper-evident log; the evidence lets you check it offline.");
            zh.append("以上每一条事实都记录在防篡改日志中，附带的证据可离线验证。");
            return new Explanation(en.toString(), zh.toString());
        }

        private List<Action> actions(String verdictCode) {
            List<Action> actions = new ArrayList<>();
            if (!verdictCode.equals(UPLOADED_BY_THIS_DEVICE)) {
                uploaderSession.filter(s -> s.endedAt(now).isEmpty()).ifPresent(s -> {
                    actions.add(new Action("SIGN_OUT_DEVICE", "DELETE", accountServiceUrl + "/v1/me/devices/" + s.signIn().deviceId()));
                    actions.add(new Action("END_SESSION", "DELETE", accountServiceUrl + "/v1/me/sessions/" + s.signIn().sessionId()));
                });
            }
            actions.add(new Action("REVIEW_SESSIONS", "GET", accountServiceUrl + "/v1/me/sessions"));
            actions.add(new Action("REVIEW_ALERTS", "GET", accountServiceUrl + "/v1/me/alerts"));
            return actions;
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    static String humanDuration(Duration d) {
        long seconds = Math.max(d.getSeconds(), 0);
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
    }
}
