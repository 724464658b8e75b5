package dev.laurel.api;

import dev.laurel.platform.FieldError;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problems the one way Laurel writes them: a stable {@code type} and {@code code}, and field errors. */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:laurel:problem:";

    private Problems() {}

    public static ProblemDetail of(int status, String code, String title, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    public static ProblemDetail of(int status, String code, String title, String detail) {
        return of(status, code, title, detail, List.of());
    }
}
