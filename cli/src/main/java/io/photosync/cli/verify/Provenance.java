package io.photosync.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.StringJoiner;

/**
 * The provenance analysis, re-done here from verified evidence entries only, independently of audit-service (whose
 * {@code ProvenanceAnalyzer} builds the report). The duplication is the point: the verifier does not take the
 * server's word for the verdict, the findings, the prose or the actions; it renders them again from the facts it has
 * checked and the report must say exactly the same. Every personal value read here must have been disclosed: a leaf
 * holding a digest of a value the analysis needs, without its disclosure, makes the report unverifiable
 * ({@link Undisclosed}).
 */
final class Provenance {
    static final String UPLOADED_BY_THIS_DEVICE = "UPLOADED_BY_THIS_DEVICE";
    static final String UPLOADED_BY_OTHER_DEVICE = "UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT";
    static final String NOT_DELIVERED = "NOT_DELIVERED_TO_THIS_DEVICE";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final double EARTH_RADIUS_KM = 6371.0088;

    /** The analysis settings of the log operator that the verifier must know: they are not in the report. */
    record Settings(double impossibleTravelKmh, String accountServiceUrl) {}

    /** One verified evidence entry: clear leaf fields, and the personal values its disclosures proved. */
    record Event(
            long index,
            String type,
            Instant occurredAt,
            String deviceId,
            String sessionId,
            String photoId,
            JsonNode data,
            Map<String, JsonNode> disclosed,
            Set<String> digests) {

        boolean is(String t) {
            return type.equals(t);
        }

        Optional<String> dataText(String field) {
            JsonNode n = data == null ? null : data.get(field);
            return n == null || n.isNull() ? Optional.empty() : Optional.of(LeafFormat.displayValue(n));
        }

        /**
         * A personal value; absent when the leaf holds no digest of it; {@link Undisclosed} when it does but it is not
         * disclosed.
         */
        Optional<String> text(String field) {
            return personal(field).map(LeafFormat::displayValue);
        }

        Optional<Double> number(String field) {
            return personal(field).flatMap(n -> {
                if (n.isNumber()) {
                    return Optional.of(n.asDouble());
                }
                try {
                    return Optional.of(Double.parseDouble(n.asText()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            });
        }

        private Optional<JsonNode> personal(String field) {
            JsonNode value = disclosed.get(field);
            if (value == null && digests.contains(field)) {
                throw new Undisclosed(this, field);
            }
            return Optional.ofNullable(value);
        }
    }

    /** A personal value the analysis needs whose leaf holds its digest but whose disclosure is not in the evidence. */
    static final class Undisclosed extends RuntimeException {
        Undisclosed(Event e, String field) {
            super("evidence entry at log index " + e.index() + " (" + e.type() + ") holds a digest of '" + field
                    + "' but does not disclose it; the analysis reads it, so the report cannot be recomputed"
                    + " from the evidence");
        }
    }

    record Step(
            String step,
            Instant at,
            String deviceId,
            String deviceName,
            String sessionId,
            String ip,
            Location location,
            String authMethod,
            long logIndex) {}

    record Location(String city, String region, String country, String source) {}

    record Finding(String code, String severity, String detail) {}

    record Action(String kind, String method, String href) {}

    record Capture(String takenAt, String make, String model, Double lat, Double lon) {}

    record Result(
            String photoSha256,
            Capture capture,
            String deviceName,
            String deviceModel,
            String verdict,
            String summary,
            List<Step> chain,
            List<Finding> findings,
            String en,
            String zh,
            List<Action> actions) {}

    record Session(Event signIn, Event revocation) {
        Optional<Instant> endedAt(Instant asOf) {
            if (revocation != null) {
                return Optional.of(revocation.occurredAt());
            }
            return signIn.dataText("expiresAt").map(Instant::parse).filter(expiry -> !expiry.isAfter(asOf));
        }

        boolean activeAt(Instant instant) {
            if (instant.isBefore(signIn.occurredAt())) {
                return false;
            }
            if (revocation != null && !instant.isBefore(revocation.occurredAt())) {
                return false;
            }
            return signIn.dataText("expiresAt")
                    .map(Instant::parse)
                    .map(instant::isBefore)
                    .orElse(true);
        }

        String deviceName() {
            return signIn.text("deviceName").orElse("unnamed device");
        }

        Optional<String> deviceModel() {
            return signIn.text("deviceModel");
        }

        String place() {
            return Provenance.place(signIn);
        }
    }

    private final Settings settings;
    private final String photoId;
    private final String askingDeviceId;
    private final long asOfSize;
    private final Instant asOfAt;
    private final List<Event> events;
    private final List<Event> uploads;
    private final Map<String, Session> sessions;
    private final Session askingSession;
    private final Event firstUpload;
    private final Optional<Session> uploaderSession;
    private final Optional<Event> delivery;
    private final Optional<Event> download;

    private Provenance(
            Settings settings,
            String photoId,
            String askingDeviceId,
            long asOfSize,
            Instant asOfAt,
            List<Event> events,
            List<Event> uploads,
            Map<String, Session> sessions,
            Session askingSession) {
        this.settings = settings;
        this.photoId = photoId;
        this.askingDeviceId = askingDeviceId;
        this.asOfSize = asOfSize;
        this.asOfAt = asOfAt;
        this.events = events;
        this.uploads = uploads;
        this.sessions = sessions;
        this.askingSession = askingSession;
        this.firstUpload = uploads.get(0);
        this.uploaderSession = Optional.ofNullable(sessions.get(firstUpload.sessionId()));
        this.delivery = first("PHOTO_DELIVERED");
        this.download = first("PHOTO_DOWNLOADED");
    }

    /**
     * The report the evidence implies; empty when it holds no upload of the photo or no sign-in of the asking device.
     */
    static Optional<Result> recompute(
            Settings settings,
            String photoId,
            String askingDeviceId,
            long asOfSize,
            Instant asOfAt,
            List<Event> evidence) {
        List<Event> events =
                evidence.stream().sorted(Comparator.comparingLong(Event::index)).toList();
        List<Event> uploads = events.stream()
                .filter(e -> e.is("PHOTO_UPLOADED") && photoId.equals(e.photoId()))
                .toList();
        Map<String, Session> sessions = sessions(events);
        Optional<Session> asking = events.stream()
                .filter(e -> e.is("SIGN_IN") && askingDeviceId.equals(e.deviceId()))
                .reduce((a, b) -> b)
                .map(e -> sessions.get(e.sessionId()));
        if (uploads.isEmpty() || asking.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Provenance(
                        settings, photoId, askingDeviceId, asOfSize, asOfAt, events, uploads, sessions, asking.get())
                .build());
    }

    /**
     * Sessions by id: the last SIGN_IN of each, ended by its first revocation or by a later revocation of its device.
     */
    private static Map<String, Session> sessions(List<Event> events) {
        Map<String, Event> signIns = new LinkedHashMap<>();
        Map<String, Event> revocations = new HashMap<>();
        Map<String, Event> deviceRevocations = new HashMap<>();
        for (Event e : events) {
            if (e.is("SIGN_IN") && e.sessionId() != null) {
                signIns.put(e.sessionId(), e);
            } else if ((e.is("SESSION_REVOKED") || e.is("REFRESH_TOKEN_REUSE")) && e.sessionId() != null) {
                revocations.putIfAbsent(e.sessionId(), e);
            } else if (e.is("DEVICE_REVOKED") && e.deviceId() != null) {
                deviceRevocations.putIfAbsent(e.deviceId(), e);
            }
        }
        Map<String, Session> out = new LinkedHashMap<>();
        signIns.forEach((id, signIn) -> {
            Event ended = revocations.get(id);
            Event deviceEnded = deviceRevocations.get(signIn.deviceId());
            if (ended == null && deviceEnded != null && deviceEnded.occurredAt().isAfter(signIn.occurredAt())) {
                ended = deviceEnded;
            }
            out.put(id, new Session(signIn, ended));
        });
        return out;
    }

    private Optional<Event> first(String type) {
        return events.stream()
                .filter(e -> e.is(type) && photoId.equals(e.photoId()) && askingDeviceId.equals(e.deviceId()))
                .findFirst();
    }

    private Result build() {
        String verdict;
        if (askingDeviceId.equals(firstUpload.deviceId())) {
            verdict = UPLOADED_BY_THIS_DEVICE;
        } else {
            verdict = delivery.isPresent() || download.isPresent() ? UPLOADED_BY_OTHER_DEVICE : NOT_DELIVERED;
        }
        List<Step> chain = chain();
        List<Finding> findings = findings(verdict);
        Capture capture = new Capture(
                firstUpload.dataText("captureTakenAt").orElse(null),
                firstUpload.dataText("captureMake").orElse(null),
                firstUpload.dataText("captureModel").orElse(null),
                firstUpload.number("captureLat").orElse(null),
                firstUpload.number("captureLon").orElse(null));
        String[] prose = explanation(verdict, findings);
        return new Result(
                firstUpload.dataText("sha256").orElse(null),
                capture,
                askingSession.deviceName(),
                askingSession.deviceModel().orElse(null),
                verdict,
                summary(verdict),
                chain,
                findings,
                prose[0],
                prose[1],
                actions(verdict));
    }

    private boolean uploadedByOtherDevice() {
        return !askingDeviceId.equals(firstUpload.deviceId());
    }

    private String asOfEn() {
        return "As of log size " + asOfSize + " (" + TIME.format(asOfAt) + ")";
    }

    private String asOfZh() {
        return "截至日志大小 " + asOfSize + "（" + TIME.format(asOfAt) + "）";
    }

    private List<Step> chain() {
        List<Step> chain = new ArrayList<>();
        Set<String> signInsShown = new LinkedHashSet<>();
        uploaderSession.ifPresent(s -> {
            chain.add(signInStep(s));
            signInsShown.add(s.signIn().sessionId());
        });
        for (Event upload : uploads) {
            chain.add(activityStep("UPLOAD", upload));
        }
        Optional<Session> receiving = delivery.or(() -> download)
                .map(e -> sessions.get(e.sessionId()))
                .or(() -> Optional.of(askingSession));
        receiving.filter(s -> !signInsShown.contains(s.signIn().sessionId())).ifPresent(s -> chain.add(signInStep(s)));
        delivery.ifPresent(e -> chain.add(activityStep("DELIVERY", e)));
        download.ifPresent(e -> chain.add(activityStep("DOWNLOAD", e)));
        chain.sort(Comparator.comparing(Step::at).thenComparingLong(Step::logIndex));
        return chain;
    }

    private Step signInStep(Session session) {
        Event e = session.signIn();
        Location location = new Location(
                e.text("ipCity").orElse(null),
                e.text("ipRegion").orElse(null),
                e.text("ipCountry").orElse(null),
                e.text("ipSource").orElse(null));
        return new Step(
                "SIGN_IN",
                e.occurredAt(),
                e.deviceId(),
                session.deviceName(),
                e.sessionId(),
                e.text("ip").orElse(null),
                location,
                e.dataText("authMethod").orElse(null),
                e.index());
    }

    private Step activityStep(String step, Event e) {
        String deviceName = Optional.ofNullable(sessions.get(e.sessionId()))
                .map(Session::deviceName)
                .orElse(null);
        return new Step(
                step,
                e.occurredAt(),
                e.deviceId(),
                deviceName,
                e.sessionId(),
                e.text("ip").orElse(null),
                null,
                null,
                e.index());
    }

    private List<Finding> findings(String verdict) {
        List<Finding> findings = new ArrayList<>();
        if (verdict.equals(UPLOADED_BY_THIS_DEVICE)) {
            findings.add(new Finding(
                    UPLOADED_BY_THIS_DEVICE,
                    "info",
                    "This device uploaded the photo itself at " + TIME.format(firstUpload.occurredAt()) + "."));
        }
        if (verdict.equals(NOT_DELIVERED)) {
            findings.add(new Finding(
                    "NO_DELIVERY_TO_THIS_DEVICE",
                    "info",
                    asOfEn()
                            + ", the log records no delivery or download of this photo to this device;"
                            + " events still waiting in a service's outbox may not be logged yet."));
        }
        askingDeviceFindings(findings);
        uploaderSession.ifPresent(s -> uploaderFindings(s, findings));
        impossibleTravel(findings);
        captureDevice(findings);
        long uploaders = uploads.stream().map(Event::deviceId).distinct().count();
        if (uploaders > 1) {
            findings.add(new Finding(
                    "UPLOADED_BY_SEVERAL_DEVICES",
                    "info",
                    "The same bytes were uploaded by " + uploaders + " devices of this account."));
        }
        events.stream()
                .filter(e -> e.is("PHOTO_DELETED") && photoId.equals(e.photoId()))
                .findFirst()
                .ifPresent(e -> findings.add(new Finding(
                        "PHOTO_DELETED", "info", "The photo was deleted at " + TIME.format(e.occurredAt()) + ".")));
        events.stream()
                .filter(e -> e.is("AGENT_ACCESS")
                        && e.dataText("read")
                                .filter("provenance-report"::equals)
                                .isPresent()
                        && e.dataText("photoId").filter(photoId::equals).isPresent())
                .forEach(e -> findings.add(new Finding(
                        "SUPPORT_VIEWED",
                        "info",
                        "Support agent " + e.dataText("staffId").orElse("?")
                                + " (" + e.dataText("staffRole").orElse("?") + ") read this report for case "
                                + e.dataText("caseId").orElse("?")
                                + " at " + TIME.format(e.occurredAt()) + ".")));
        return findings;
    }

    private void askingDeviceFindings(List<Finding> findings) {
        if (!uploadedByOtherDevice()) {
            return;
        }
        events.stream()
                .filter(e -> e.is("SIGN_IN") && askingDeviceId.equals(e.deviceId()))
                .findFirst()
                .filter(firstSignIn -> firstSignIn.occurredAt().isAfter(firstUpload.occurredAt()))
                .ifPresent(firstSignIn -> findings.add(new Finding(
                        "NEW_DEVICE",
                        "info",
                        "This device, \""
                                + askingSession.deviceName() + "\", first signed in to the account at "
                                + TIME.format(firstSignIn.occurredAt()) + " from " + place(firstSignIn)
                                + ", after the photo had been uploaded: it came from the account, not"
                                + " from this device's camera.")));
    }

    private void uploaderFindings(Session uploader, List<Finding> findings) {
        Event signIn = uploader.signIn();
        boolean otherDevice = uploadedByOtherDevice();
        List<Event> earlier = events.stream()
                .filter(e -> e.is("SIGN_IN") && e.index() < signIn.index())
                .toList();
        boolean firstForDevice =
                earlier.stream().noneMatch(e -> signIn.deviceId().equals(e.deviceId()));
        if (otherDevice && firstForDevice && !earlier.isEmpty()) {
            findings.add(new Finding(
                    "NEW_DEVICE",
                    "warning",
                    "\"" + uploader.deviceName() + "\" had never signed in to this account before "
                            + TIME.format(signIn.occurredAt()) + "."));
        }
        Optional<String> city = signIn.text("ipCity");
        if (city.isPresent() && !earlier.isEmpty() && earlier.stream().noneMatch(e -> city.equals(e.text("ipCity")))) {
            findings.add(new Finding(
                    "NEW_LOCATION",
                    "warning",
                    "The uploading device signed in from " + uploader.place()
                            + ", a place this account had never signed in from before."));
        }
        if (otherDevice) {
            Instant askingStart = askingSession.signIn().occurredAt();
            if (uploader.activeAt(askingStart)) {
                findings.add(new Finding(
                        "CONCURRENT_SESSIONS",
                        "warning",
                        "\"" + uploader.deviceName() + "\" (signed in "
                                + TIME.format(signIn.occurredAt()) + " from " + uploader.place()
                                + ") was still signed in when \""
                                + askingSession.deviceName() + "\" signed in at " + TIME.format(askingStart) + " from "
                                + askingSession.place() + "."));
            }
            Optional<Instant> ended = uploader.endedAt(asOfAt);
            if (ended.isEmpty()) {
                findings.add(new Finding(
                        "SESSION_STILL_ACTIVE",
                        "high",
                        asOfEn() + ", the log records no end of the"
                                + " uploading device's session " + signIn.sessionId()
                                + " (no sign-out, revocation or expiry): it is still"
                                + " active. If you do not recognise \"" + uploader.deviceName() + "\", sign it out."));
            } else {
                findings.add(new Finding(
                        "UPLOADER_SESSION_ENDED",
                        "info",
                        "The uploading device's session ended at " + TIME.format(ended.get()) + "."));
            }
        }
    }

    private void impossibleTravel(List<Finding> findings) {
        List<Event> located = events.stream()
                .filter(e -> e.is("SIGN_IN") && coordinates(e).isPresent())
                .toList();
        for (int i = 1; i < located.size(); i++) {
            Event a = located.get(i - 1);
            Event b = located.get(i);
            double km = distanceKm(coordinates(a).orElseThrow(), coordinates(b).orElseThrow());
            double hours =
                    Math.max(Duration.between(a.occurredAt(), b.occurredAt()).toMillis(), 1) / 3_600_000.0;
            if (km >= 100 && km / hours > settings.impossibleTravelKmh()) {
                findings.add(new Finding(
                        "IMPOSSIBLE_TRAVEL",
                        "high",
                        String.format(
                                Locale.ROOT,
                                "Sign-ins at %s from %s and at %s from %s are %,.0f km apart but only %s apart: faster"
                                        + " than an airliner.",
                                TIME.format(a.occurredAt()),
                                place(a),
                                TIME.format(b.occurredAt()),
                                place(b),
                                km,
                                humanDuration(Duration.between(a.occurredAt(), b.occurredAt())))));
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
        Optional<String> uploaderModel = uploaderSession.flatMap(Session::deviceModel);
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
                    "CAPTURE_DEVICE_DIFFERS",
                    "warning",
                    "The photo was taken with a "
                            + make.orElse("") + " " + model.orElse("")
                            + " camera, but the uploading device reports itself as "
                            + uploaderModel.get() + "."));
        }
    }

    private String summary(String verdict) {
        String uploaderName = uploaderSession.map(Session::deviceName).orElse("an unknown device");
        return switch (verdict) {
            case UPLOADED_BY_THIS_DEVICE -> "This device uploaded this photo itself.";
            case UPLOADED_BY_OTHER_DEVICE ->
                "Uploaded by \"" + uploaderName + "\", another device signed in to this account, "
                        + "and delivered to this device by sync.";
            default ->
                "Uploaded by \"" + uploaderName + "\"; as of log size " + asOfSize + " (" + TIME.format(asOfAt)
                        + "), the log records no delivery of it to this device.";
        };
    }

    /** {en, zh}. */
    private String[] explanation(String verdict, List<Finding> findings) {
        String uploaderName = uploaderSession.map(Session::deviceName).orElse("an unknown device");
        String uploaderModel = uploaderSession.flatMap(Session::deviceModel).orElse("unknown model");
        String signInEn = uploaderSession
                .map(s -> " That device signed in at " + TIME.format(s.signIn().occurredAt())
                        + " from " + s.place()
                        + s.signIn().text("ip").map(ip -> " (IP " + ip + ")").orElse("")
                        + s.signIn()
                                .dataText("authMethod")
                                .map(m -> " using " + m)
                                .orElse("") + ".")
                .orElse("");
        String signInZh = uploaderSession
                .map(s -> "该设备于 " + TIME.format(s.signIn().occurredAt()) + " 从 " + s.place()
                        + s.signIn().text("ip").map(ip -> "（IP " + ip + "）").orElse("") + " 登录"
                        + s.signIn().dataText("authMethod").map(m -> "，方式：" + m).orElse("") + "。")
                .orElse("");
        String uploadedAt = TIME.format(firstUpload.occurredAt());
        String asking = askingSession.deviceName();
        StringBuilder en = new StringBuilder();
        StringBuilder zh = new StringBuilder();
        switch (verdict) {
            case UPLOADED_BY_THIS_DEVICE -> {
                en.append("This device, \"")
                        .append(asking)
                        .append("\", uploaded the photo itself at ")
                        .append(uploadedAt)
                        .append('.')
                        .append(signInEn);
                zh.append("这张照片是本设备“")
                        .append(asking)
                        .append("”于 ")
                        .append(uploadedAt)
                        .append(" 自己上传的。")
                        .append(signInZh);
            }
            case UPLOADED_BY_OTHER_DEVICE -> {
                en.append("This photo was uploaded to your account at ")
                        .append(uploadedAt)
                        .append(" by another device, \"")
                        .append(uploaderName)
                        .append("\" (")
                        .append(uploaderModel)
                        .append(", as the device reports itself), which proved it holds its device key.")
                        .append(signInEn);
                zh.append("这张照片于 ")
                        .append(uploadedAt)
                        .append(" 由您账号下的另一台设备“")
                        .append(uploaderName)
                        .append("”（")
                        .append(uploaderModel)
                        .append("，设备自报型号）上传，该设备以其设备密钥证明了身份。")
                        .append(signInZh);
                delivery.or(() -> download).ifPresent(e -> {
                    en.append(" Your device \"")
                            .append(asking)
                            .append("\" received it through sync at ")
                            .append(TIME.format(e.occurredAt()))
                            .append('.');
                    zh.append("您的设备“")
                            .append(asking)
                            .append("”于 ")
                            .append(TIME.format(e.occurredAt()))
                            .append(" 通过云同步收到了这张照片。");
                });
            }
            default -> {
                en.append("This photo was uploaded at ")
                        .append(uploadedAt)
                        .append(" by \"")
                        .append(uploaderName)
                        .append("\". ")
                        .append(asOfEn())
                        .append(", the log records no delivery or download of it to this device, \"")
                        .append(asking)
                        .append("\"; events still waiting in a service's outbox may not be logged yet.")
                        .append(signInEn);
                zh.append("这张照片于 ")
                        .append(uploadedAt)
                        .append(" 由“")
                        .append(uploaderName)
                        .append("”上传。")
                        .append(asOfZh())
                        .append("，日志中没有它被同步或下载到本设备“")
                        .append(asking)
                        .append("”的记录；仍在服务发件箱中等待的事件可能尚未记入日志。")
                        .append(signInZh);
            }
        }
        for (Finding finding : findings) {
            switch (finding.code()) {
                case "SESSION_STILL_ACTIVE" -> {
                    en.append(" ")
                            .append(asOfEn())
                            .append(", that device is still signed in: if you do not recognise it, sign it out.");
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
                default -> {}
            }
        }
        en.append(" Every fact above is an entry in the tamper-evident log; the evidence lets you check it offline.");
        zh.append("以上每一条事实都记录在防篡改日志中，附带的证据可离线验证。");
        return new String[] {en.toString(), zh.toString()};
    }

    private List<Action> actions(String verdict) {
        String base = settings.accountServiceUrl();
        List<Action> actions = new ArrayList<>();
        if (!verdict.equals(UPLOADED_BY_THIS_DEVICE)) {
            uploaderSession.filter(s -> s.endedAt(asOfAt).isEmpty()).ifPresent(s -> {
                actions.add(new Action(
                        "SIGN_OUT_DEVICE",
                        "DELETE",
                        base + "/v1/me/devices/" + s.signIn().deviceId()));
                actions.add(new Action(
                        "END_SESSION",
                        "DELETE",
                        base + "/v1/me/sessions/" + s.signIn().sessionId()));
            });
        }
        actions.add(new Action("REVIEW_SESSIONS", "GET", base + "/v1/me/sessions"));
        actions.add(new Action("REVIEW_ALERTS", "GET", base + "/v1/me/alerts"));
        return actions;
    }

    /** "city, region, country", the region left out when it is the city; "an unknown place" when none is known. */
    static String place(Event signIn) {
        StringJoiner place = new StringJoiner(", ");
        Optional<String> city = signIn.text("ipCity");
        Optional<String> region = signIn.text("ipRegion");
        Optional<String> country = signIn.text("ipCountry");
        city.ifPresent(place::add);
        region.filter(r -> !city.map(r::equals).orElse(false)).ifPresent(place::add);
        country.ifPresent(place::add);
        return place.length() == 0 ? "an unknown place" : place.toString();
    }

    static Optional<double[]> coordinates(Event signIn) {
        Optional<Double> lat = signIn.number("ipLat");
        Optional<Double> lon = signIn.number("ipLon");
        return lat.isPresent() && lon.isPresent() ? Optional.of(new double[] {lat.get(), lon.get()}) : Optional.empty();
    }

    /** Haversine, in {@link StrictMath} so that it is the same number bit for bit on every platform. */
    static double distanceKm(double[] a, double[] b) {
        double dLat = StrictMath.toRadians(b[0] - a[0]);
        double dLon = StrictMath.toRadians(b[1] - a[1]);
        double h = StrictMath.pow(StrictMath.sin(dLat / 2), 2)
                + StrictMath.cos(StrictMath.toRadians(a[0]))
                        * StrictMath.cos(StrictMath.toRadians(b[0]))
                        * StrictMath.pow(StrictMath.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * StrictMath.asin(StrictMath.min(1, StrictMath.sqrt(h)));
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
