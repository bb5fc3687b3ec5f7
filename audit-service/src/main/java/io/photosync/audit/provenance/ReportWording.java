package io.photosync.audit.provenance;

import io.photosync.audit.provenance.ProvenanceReport.Explanation;
import io.photosync.audit.provenance.ProvenanceReport.Finding;
import io.photosync.audit.provenance.ProvenanceReport.VerdictCode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The words of a provenance report, in English and Chinese: every sentence {@link ProvenanceAnalyzer} decides to say,
 * given the facts it found. Kept apart so the analysis reads as decisions; the cli's verifier renders the same words
 * from its own copy of the wording (io.photosync.cli.verify.Provenance), so a change here is a change there too.
 */
final class ReportWording {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String UNKNOWN_DEVICE = "an unknown device";

    private final ProvenanceReport.AsOf asOf;

    ReportWording(ProvenanceReport.AsOf asOf) {
        this.asOf = asOf;
    }

    /** How the uploading session signed in, as the explanation tells it. */
    record SignInFacts(Instant at, String place, Optional<String> ip, Optional<String> authMethod) {}

    /** Everything the explanation's opening sentences name. */
    record Story(
            VerdictCode verdict,
            Optional<String> uploaderName,
            Optional<String> uploaderModel,
            Optional<SignInFacts> uploaderSignIn,
            Instant uploadedAt,
            String askingName,
            Optional<Instant> receivedAt) {}

    /** "As of log size 42 (2026-12-03 10:15:30 UTC)": how every absence the report asserts begins. */
    private String asOfEn() {
        return "As of log size " + asOf.treeSize() + " (" + time(asOf.at()) + ")";
    }

    private String asOfZh() {
        return "截至日志大小 " + asOf.treeSize() + "（" + time(asOf.at()) + "）";
    }

    static String time(Instant at) {
        return TIME.format(at);
    }

    String summary(VerdictCode verdict, Optional<String> uploaderName) {
        String uploader = uploaderName.orElse(UNKNOWN_DEVICE);
        return switch (verdict) {
            case UPLOADED_BY_THIS_DEVICE -> "This device uploaded this photo itself.";
            case UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT ->
                "Uploaded by \"" + uploader
                        + "\", another device signed in to this account, and delivered to this device by sync.";
            case NOT_DELIVERED_TO_THIS_DEVICE ->
                "Uploaded by \"" + uploader + "\"; as of log size " + asOf.treeSize() + " (" + time(asOf.at())
                        + "), the log records no delivery of it to this device.";
        };
    }

    String uploadedByThisDevice(Instant uploadedAt) {
        return "This device uploaded the photo itself at " + time(uploadedAt) + ".";
    }

    String noDeliveryToThisDevice() {
        return asOfEn() + ", the log records no delivery or download of this photo to this device;"
                + " events still waiting in a service's outbox may not be logged yet.";
    }

    String uploadedBySeveralDevices(long uploaders) {
        return "The same bytes were uploaded by " + uploaders + " devices of this account.";
    }

    String photoDeleted(Instant at) {
        return "The photo was deleted at " + time(at) + ".";
    }

    String supportViewed(String staffId, String staffRole, String caseId, Instant at) {
        return "Support agent " + staffId + " (" + staffRole + ") read this report for case " + caseId + " at "
                + time(at) + ".";
    }

    String askingDeviceIsNew(String name, Instant firstSignIn, String place) {
        return "This device, \"" + name + "\", first signed in to the account at " + time(firstSignIn) + " from "
                + place
                + ", after the photo had been uploaded: it came from the account, not from this device's camera.";
    }

    String uploaderIsNew(String name, Instant signedIn) {
        return "\"" + name + "\" had never signed in to this account before " + time(signedIn) + ".";
    }

    String newLocation(String place) {
        return "The uploading device signed in from " + place
                + ", a place this account had never signed in from before.";
    }

    String concurrentSessions(
            String uploaderName,
            Instant uploaderSignIn,
            String uploaderPlace,
            String askingName,
            Instant askingSignIn,
            String askingPlace) {
        return "\"" + uploaderName + "\" (signed in " + time(uploaderSignIn) + " from " + uploaderPlace
                + ") was still signed in when \"" + askingName + "\" signed in at " + time(askingSignIn) + " from "
                + askingPlace + ".";
    }

    String sessionStillActive(Object sessionId, String uploaderName) {
        return asOfEn() + ", the log records no end of the uploading device's session " + sessionId
                + " (no sign-out, revocation or expiry): it is still active. If you do not recognise \"" + uploaderName
                + "\", sign it out.";
    }

    String uploaderSessionEnded(Instant endedAt) {
        return "The uploading device's session ended at " + time(endedAt) + ".";
    }

    String impossibleTravel(Instant firstAt, String firstPlace, Instant secondAt, String secondPlace, double km) {
        return String.format(
                Locale.ROOT,
                "Sign-ins at %s from %s and at %s from %s are %,.0f km apart but only %s apart: faster than an"
                        + " airliner.",
                time(firstAt),
                firstPlace,
                time(secondAt),
                secondPlace,
                km,
                humanDuration(Duration.between(firstAt, secondAt)));
    }

    String noCaptureMetadata() {
        return "The photo carries no camera make or model.";
    }

    String captureDeviceDiffers(Optional<String> make, Optional<String> model, String reportedModel) {
        return "The photo was taken with a " + make.orElse("") + " " + model.orElse("")
                + " camera, but the uploading device reports itself as " + reportedModel + ".";
    }

    Explanation explanation(Story story, List<Finding> findings) {
        String uploaderName = story.uploaderName().orElse(UNKNOWN_DEVICE);
        String uploaderModel = story.uploaderModel().orElse("unknown model");
        String signInEn = story.uploaderSignIn()
                .map(s -> " That device signed in at " + time(s.at()) + " from "
                        + s.place() + s.ip().map(ip -> " (IP " + ip + ")").orElse("")
                        + s.authMethod().map(m -> " using " + m).orElse("") + ".")
                .orElse("");
        String signInZh = story.uploaderSignIn()
                .map(s -> "该设备于 " + time(s.at()) + " 从 " + s.place()
                        + s.ip().map(ip -> "（IP " + ip + "）").orElse("") + " 登录"
                        + s.authMethod().map(m -> "，方式：" + m).orElse("") + "。")
                .orElse("");
        String uploadedAt = time(story.uploadedAt());
        String asking = story.askingName();
        StringBuilder en = new StringBuilder();
        StringBuilder zh = new StringBuilder();
        switch (story.verdict()) {
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
            case UPLOADED_BY_OTHER_DEVICE_ON_THIS_ACCOUNT -> {
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
                story.receivedAt().ifPresent(at -> {
                    en.append(" Your device \"")
                            .append(asking)
                            .append("\" received it through sync at ")
                            .append(time(at))
                            .append('.');
                    zh.append("您的设备“")
                            .append(asking)
                            .append("”于 ")
                            .append(time(at))
                            .append(" 通过云同步收到了这张照片。");
                });
            }
            case NOT_DELIVERED_TO_THIS_DEVICE -> {
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
                case SESSION_STILL_ACTIVE -> {
                    en.append(" ")
                            .append(asOfEn())
                            .append(", that device is still signed in: if you do not recognise it, sign it out.");
                    zh.append(asOfZh()).append("，该设备仍处于登录状态：如果您不认识它，请将其退出登录。");
                }
                case CONCURRENT_SESSIONS -> {
                    en.append(" It was signed in at the same time as this device.");
                    zh.append("它与本设备同时处于登录状态。");
                }
                case IMPOSSIBLE_TRAVEL -> {
                    en.append(" ").append(finding.detail());
                    zh.append("两次登录的距离和时间间隔说明不可能是同一个人旅行所致（比飞机还快）。");
                }
                case CAPTURE_DEVICE_DIFFERS -> {
                    en.append(" ").append(finding.detail());
                    zh.append("照片的拍摄相机与上传设备自报的型号不一致。");
                }
                default -> {}
            }
        }
        en.append(" Every fact above is an entry in the tamper-evident log; the evidence lets you check it offline.");
        zh.append("以上每一条事实都记录在防篡改日志中，附带的证据可离线验证。");
        return new Explanation(en.toString(), zh.toString());
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
