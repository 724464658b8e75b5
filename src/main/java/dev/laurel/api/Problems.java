package dev.laurel.api;

import dev.laurel.platform.DatabaseFailures;
import dev.laurel.platform.FieldError;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problems the one way Laurel writes them: a stable {@code type} and {@code code}, and field errors. */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:laurel:problem:";
    public static final String DATABASE_UNAVAILABLE = "database-unavailable";

    private Problems() {}

    public static ProblemDetail of(int status, String code, String title, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return withRequestId(problem);
    }

    /** The problem with the {@code requestId} of the request being served (as answered in {@code X-Request-Id}). */
    public static ProblemDetail withRequestId(ProblemDetail problem) {
        String id = RequestIdValve.current();
        if (id != null) {
            problem.setProperty("requestId", id);
        }
        return problem;
    }

    /** {@code ,"requestId":"..."} for a problem written as text, or nothing outside a request (the id's characters need no escaping). */
    static String requestIdJson() {
        String id = RequestIdValve.current();
        return id == null ? "" : ",\"requestId\":\"" + id + "\"";
    }

    public static ProblemDetail of(int status, String code, String title, String detail) {
        return of(status, code, title, detail, List.of());
    }

    /**
     * 503: the database is down, restarting, out of connections, or gave the request up (a deadlock that retrying did
     * not get past). Answered with {@code Retry-After: }{@link DatabaseFailures#RETRY_AFTER_SECONDS}.
     */
    public static ProblemDetail databaseUnavailable() {
        return of(503, DATABASE_UNAVAILABLE, "Database unavailable", "The database is unavailable or gave this request up "
                + "(restarting, unreachable, or in conflict with a concurrent request). Try again in "
                + DatabaseFailures.RETRY_AFTER_SECONDS + " s; send a write again with the same Idempotency-Key, so that it is "
                + "applied once whatever became of this attempt.");
    }
}
