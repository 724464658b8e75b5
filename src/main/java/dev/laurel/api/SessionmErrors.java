package dev.laurel.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ProblemDetail;

/**
 * SessionM's error shape, {@code {"status": "error", "errors": {"code", "message"}}}, mapped from the
 * same problems every other API answers: on {@code /priv/} paths it replaces problem+json.
 */
public final class SessionmErrors {

    public static final String PREFIX = "/priv/";

    private SessionmErrors() {}

    public static Map<String, Object> body(ProblemDetail problem) {
        Object code = problem.getProperties() == null ? null : problem.getProperties().get("code");
        Map<String, Object> errors = new LinkedHashMap<>();
        errors.put("code", code == null ? "error" : code.toString().replace('-', '_'));
        errors.put("message", problem.getDetail());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("errors", errors);
        return body;
    }
}
