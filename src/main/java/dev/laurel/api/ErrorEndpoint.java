package dev.laurel.api;

import dev.laurel.platform.DatabaseFailures;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Failures that happen outside Spring MVC (in the servlet container or a filter) still answer as problems.
 * {@code /error} asked for directly, with any method, is a path like any other that has no resource: 404.
 */
@Hidden
@RestController
class ErrorEndpoint implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorEndpoint.class);

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            ProblemDetail notFound = Problems.of(404, "not-found", "Not found", "No resource at /error.");
            notFound.setInstance(RoutedPath.instance(request));
            return ResponseEntity.status(404).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(notFound);
        }
        Throwable thrown = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (thrown != null && DatabaseFailures.isTransient(thrown)) {
            // A filter (the API key lookup, the Idempotency-Key transaction) found the database unavailable.
            log.warn("{} answered 503: the database failed for a passing reason ({})",
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), thrown.toString());
            ProblemDetail problem = Problems.databaseUnavailable();
            Object failedUri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            if (failedUri != null) {
                problem.setInstance(RoutedPath.uri(String.valueOf(failedUri)));
            }
            return ResponseEntity.status(503).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseFailures.RETRY_AFTER_SECONDS)).body(problem);
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ProblemDetail problem;
        if (status == 408) {
            problem = Problems.of(408, "request-timeout", "Request timeout",
                    "The request body did not arrive in time; the connection is closed.");
        } else if (status == 413 || causedBy(failure, BodyLimitFilter.BodyTooLarge.class)) {
            problem = Problems.of(413, "body-too-large", "Payload too large",
                    "The request body is larger than " + BodyLimitFilter.BODY_BYTES_MAX + " bytes (8 MiB).");
        } else if (status >= 500) {
            log.error("unexpected failure on {}", uri, failure);
            problem = Problems.of(500, "internal-error", "Internal error", "Laurel failed unexpectedly; the failure is logged.");
        } else if (status == 404) {
            problem = Problems.of(404, "not-found", "Not found", "No resource at " + uri + ".");
        } else {
            problem = Problems.of(status, "bad-request", "Bad request", "The request could not be understood.");
        }
        if (uri != null) {
            problem.setInstance(RoutedPath.uri(String.valueOf(uri)));
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
