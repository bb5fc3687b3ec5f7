package io.photosync.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares what the report says with what {@link Provenance} renders from the verified evidence, naming the first
 * difference.
 */
final class Recomputed {
    private Recomputed() {}

    static void compare(JsonNode report, Provenance.Result expected) throws VerificationException {
        String verdict = report.path("verdict").path("code").asText(null);
        if (!expected.verdict().equals(verdict)) {
            throw new VerificationException(
                    "verdict says " + verdict + " but the evidence implies " + expected.verdict());
        }
        text("verdict.summary", report.path("verdict").path("summary"), expected.summary());
        photo(report.path("photo"), expected);
        device(report.path("device"), expected);
        chain(report.path("chain"), expected.chain());
        findings(report.path("findings"), expected.findings());
        text("explanation.en", report.path("explanation").path("en"), expected.en());
        text("explanation.zh", report.path("explanation").path("zh"), expected.zh());
        actions(report.path("actions"), expected.actions());
    }

    private static void text(String where, JsonNode shown, String expected) throws VerificationException {
        String says = shown.isTextual() ? shown.asText() : null;
        if (Objects.equals(says, expected)) {
            return;
        }
        if (says == null) {
            throw new VerificationException(
                    where + " is missing; the rendering of the verified facts is \"" + expected + "\"");
        }
        int at = 0;
        while (at < says.length() && at < expected.length() && says.charAt(at) == expected.charAt(at)) {
            at++;
        }
        throw new VerificationException(where + " differs from the rendering of the verified facts from character " + at
                + ": the report says \"" + excerpt(says, at) + "\" where the evidence gives \"" + excerpt(expected, at)
                + "\"");
    }

    private static String excerpt(String s, int at) {
        int from = Math.max(0, at - 20);
        int to = Math.min(s.length(), at + 60);
        return (from > 0 ? "…" : "") + s.substring(from, to) + (to < s.length() ? "…" : "");
    }

    private static void photo(JsonNode photo, Provenance.Result e) throws VerificationException {
        same("photo.sha256", photo.get("sha256"), e.photoSha256());
        JsonNode capture = photo.path("capture");
        same("photo.capture.takenAt", capture.get("takenAt"), e.capture().takenAt());
        same("photo.capture.make", capture.get("make"), e.capture().make());
        same("photo.capture.model", capture.get("model"), e.capture().model());
        sameNumber("photo.capture.lat", capture.get("lat"), e.capture().lat());
        sameNumber("photo.capture.lon", capture.get("lon"), e.capture().lon());
    }

    private static void device(JsonNode device, Provenance.Result e) throws VerificationException {
        same("device.name (the asking device's newest sign-in)", device.get("name"), e.deviceName());
        same("device.model (the asking device's newest sign-in)", device.get("model"), e.deviceModel());
    }

    private static void chain(JsonNode chain, List<Provenance.Step> expected) throws VerificationException {
        List<String> says = new ArrayList<>();
        chain.forEach(s ->
                says.add(s.path("step").asText("?") + "@" + s.path("logIndex").asText("?")));
        List<String> implied =
                expected.stream().map(s -> s.step() + "@" + s.logIndex()).toList();
        if (!says.equals(implied)) {
            throw new VerificationException(
                    "chain says " + says + " but the evidence implies " + implied + " (step@log index)");
        }
        for (int i = 0; i < expected.size(); i++) {
            Provenance.Step s = expected.get(i);
            JsonNode step = chain.get(i);
            String where = "chain[" + i + "] (" + s.step() + ") at log index " + s.logIndex() + ": ";
            sameInstant(where + "at", step.get("at"), s.at());
            same(where + "deviceId", step.get("deviceId"), s.deviceId());
            same(where + "deviceName", step.get("deviceName"), s.deviceName());
            same(where + "sessionId", step.get("sessionId"), s.sessionId());
            same(where + "ip", step.get("ip"), s.ip());
            same(where + "authMethod", step.get("authMethod"), s.authMethod());
            JsonNode location = step.get("location");
            if (s.location() == null) {
                if (location != null && !location.isNull()) {
                    throw new VerificationException(where + "location is not implied by the evidence");
                }
            } else {
                JsonNode l =
                        location == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : location;
                same(where + "location.city", l.get("city"), s.location().city());
                same(where + "location.region", l.get("region"), s.location().region());
                same(where + "location.country", l.get("country"), s.location().country());
                same(where + "location.source", l.get("source"), s.location().source());
            }
        }
    }

    private static void findings(JsonNode findings, List<Provenance.Finding> expected) throws VerificationException {
        List<String> says = new ArrayList<>();
        findings.forEach(f -> says.add(f.path("code").asText("?")));
        List<String> implied = expected.stream().map(Provenance.Finding::code).toList();
        Map<String, Integer> balance = new HashMap<>();
        implied.forEach(c -> balance.merge(c, 1, Integer::sum));
        says.forEach(c -> balance.merge(c, -1, Integer::sum));
        for (String code : implied) {
            if (balance.getOrDefault(code, 0) > 0) {
                throw new VerificationException(
                        "finding " + code + " missing: the evidence implies it (" + detailOf(expected, code) + ")");
            }
        }
        for (String code : says) {
            if (balance.getOrDefault(code, 0) < 0) {
                throw new VerificationException("finding " + code + " is not implied by the evidence");
            }
        }
        if (!says.equals(implied)) {
            throw new VerificationException(
                    "findings are in the order " + says + " but the rendering of the verified facts has " + implied);
        }
        for (int i = 0; i < expected.size(); i++) {
            Provenance.Finding f = expected.get(i);
            JsonNode shown = findings.get(i);
            String severity = shown.path("severity").asText(null);
            if (!f.severity().equals(severity)) {
                throw new VerificationException("finding " + f.code() + " has severity " + severity
                        + " but the evidence implies " + f.severity());
            }
            text("finding " + f.code() + " (findings[" + i + "]) detail", shown.path("detail"), f.detail());
        }
    }

    private static String detailOf(List<Provenance.Finding> findings, String code) {
        return findings.stream()
                .filter(f -> f.code().equals(code))
                .findFirst()
                .map(Provenance.Finding::detail)
                .orElse("");
    }

    private static void actions(JsonNode actions, List<Provenance.Action> expected) throws VerificationException {
        List<String> says = new ArrayList<>();
        actions.forEach(a -> says.add(a.path("kind").asText("?")));
        for (Provenance.Action a : expected) {
            if (!says.contains(a.kind())) {
                throw new VerificationException(
                        "action " + a.kind() + " missing: the evidence implies " + a.method() + " " + a.href());
            }
        }
        List<String> implied = expected.stream().map(Provenance.Action::kind).toList();
        for (String kind : says) {
            if (!implied.contains(kind)) {
                throw new VerificationException("action " + kind + " is not implied by the evidence");
            }
        }
        if (!says.equals(implied)) {
            throw new VerificationException("actions are " + says + " but the evidence implies " + implied);
        }
        for (int i = 0; i < expected.size(); i++) {
            Provenance.Action a = expected.get(i);
            same("action " + a.kind() + " method", actions.get(i).get("method"), a.method());
            same("action " + a.kind() + " href", actions.get(i).get("href"), a.href());
        }
    }

    private static void same(String where, JsonNode shown, String expected) throws VerificationException {
        String says = shown == null || shown.isNull() ? null : LeafFormat.displayValue(shown);
        if (!Objects.equals(says, expected)) {
            throw new VerificationException(where + (says == null ? " is missing" : " says '" + says + "'")
                    + " but the evidence implies " + (expected == null ? "none" : "'" + expected + "'"));
        }
    }

    private static void sameNumber(String where, JsonNode shown, Double expected) throws VerificationException {
        boolean absent = shown == null || shown.isNull();
        boolean same = absent
                ? expected == null
                : expected != null
                        && shown.isNumber()
                        && shown.decimalValue().compareTo(BigDecimal.valueOf(expected)) == 0;
        if (!same) {
            throw new VerificationException(
                    where + (absent ? " is missing" : " says " + shown) + " but the evidence implies " + expected);
        }
    }

    private static void sameInstant(String where, JsonNode shown, Instant expected) throws VerificationException {
        try {
            if (shown == null
                    || !shown.isTextual()
                    || !Instant.parse(shown.asText()).equals(expected)) {
                throw new VerificationException(where + " says " + shown + " but the evidence implies " + expected);
            }
        } catch (DateTimeParseException e) {
            throw new VerificationException(where + " '" + shown.asText() + "' is not an RFC 3339 instant");
        }
    }
}
