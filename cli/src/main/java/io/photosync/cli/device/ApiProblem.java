package io.photosync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A service refused a request. Carries the RFC 9457 problem fields when the answer had them, so
 * the user reads the service's own {@code title} and {@code detail}.
 */
public class ApiProblem extends RuntimeException {
    private final String service;
    private final int status;
    private final String title;
    private final String detail;

    public ApiProblem(String service, int status, String title, String detail) {
        super(service + " answered " + status + ": " + title
                + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.service = service;
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    /**
     * Reads a problem+json body; falls back to the raw text for answers that are not one, and to
     * the {@code WWW-Authenticate} challenge for an authentication refusal without a body.
     */
    static ApiProblem from(String service, int status, String contentType, String body, String challenge) {
        if (contentType != null && contentType.contains("json") && body != null && !body.isBlank()) {
            try {
                JsonNode problem = Json.MAPPER.readTree(body);
                String title = problem.path("title").asText(null);
                String detail = problem.path("detail").asText(null);
                if (title == null && problem.hasNonNull("error")) {
                    title = problem.get("error").asText();
                    detail = problem.path("error_description").asText(detail);
                }
                if (title != null) {
                    return new ApiProblem(service, status, title, detail);
                }
            } catch (java.io.IOException notJson) {
                // fall through to the raw text
            }
        }
        String text = body == null ? "" : body.strip();
        if (text.isEmpty() && challenge != null) {
            text = challenge;
        }
        return new ApiProblem(
                service, status, "HTTP " + status, text.length() > 500 ? text.substring(0, 500) + "…" : text);
    }

    public String service() {
        return service;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }
}
