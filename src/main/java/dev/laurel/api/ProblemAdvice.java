package dev.laurel.api;

import dev.laurel.platform.DatabaseFailures;
import dev.laurel.platform.Dates;
import dev.laurel.platform.FieldError;
import dev.laurel.platform.Problem;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place failures become RFC 9457 problems: typed {@link Problem}s, Spring MVC's own
 * exceptions (malformed JSON, wrong types, unknown enum values, wrong method or media type), and,
 * as a last resort, a logged 500, which is always a bug.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private static final Map<Integer, String> CODES = Map.of(
            400, "bad-request", 404, "not-found", 405, "method-not-allowed", 406, "not-acceptable",
            413, "body-too-large", 415, "unsupported-media-type", 500, "internal-error", 503, "unavailable");

    @ExceptionHandler(Problem.class)
    ResponseEntity<ProblemDetail> problem(Problem p, NativeWebRequest request) {
        return respond(Problems.of(p.status(), p.code(), p.title(), p.detail(), p.errors()), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, NativeWebRequest request) {
        String expected = e.getRequiredType() == null ? "a valid value" : describe(e.getRequiredType());
        return invalid(e.getName(), "must be " + expected + " (was '" + e.getValue() + "')", request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, NativeWebRequest request) throws Exception {
        if (e instanceof ErrorResponse || e instanceof NoHandlerFoundException) {
            ResponseEntity<Object> handled = handleException(e, request);
            if (handled != null) {
                @SuppressWarnings("unchecked")
                ResponseEntity<ProblemDetail> typed = (ResponseEntity<ProblemDetail>) (ResponseEntity<?>) handled;
                return typed;
            }
        }
        if (DatabaseFailures.isTransient(e)) {
            log.warn("{} answered 503: the database failed for a passing reason ({})", description(request), e.toString());
            return unavailable(request);
        }
        log.error("unexpected failure on {}", description(request), e);
        return respond(Problems.of(500, "internal-error", "Internal error",
                "Laurel failed unexpectedly; the failure is logged. Nothing was changed."), request);
    }

    private static ResponseEntity<ProblemDetail> unavailable(WebRequest request) {
        if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null) {
            servlet.getResponse().setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseFailures.RETRY_AFTER_SECONDS));
        }
        return respond(Problems.databaseUnavailable(), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyLimitFilter.BodyTooLarge tooLarge) {
                if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null) {
                    servlet.getResponse().setHeader("Connection", "close");
                }
                return untyped(respond(Problems.of(413, "body-too-large", "Payload too large",
                        "The request body is larger than " + tooLarge.max + " bytes (" + (tooLarge.max >> 20) + " MiB)."), request));
            }
            if (cause instanceof Problem p) {
                // Raised while the body was read (text that cannot be stored), whatever Jackson wrapped it in.
                return untyped(respond(Problems.of(p.status(), p.code(), p.title(), p.detail(), p.errors()), request));
            }
        }
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            return untyped(invalid(path(u), "unknown field", request));
        }
        if (cause instanceof InvalidFormatException f && f.getValue() instanceof Temporal date && !Dates.accepted(date)) {
            return untyped(invalid(path(f), Dates.outOfRange(date) + " (was " + date + ")", request));
        }
        if (cause instanceof InvalidFormatException f) {
            String expected = f.getTargetType() == null ? "a valid value" : describe(f.getTargetType());
            return untyped(invalid(path(f), "must be " + expected + " (was " + f.getValue() + ")", request));
        }
        if (cause instanceof MismatchedInputException m) {
            String field = path(m);
            if (field.isEmpty()) {
                return untyped(respond(Problems.of(400, "malformed-body", "Malformed request body",
                        "The request body is missing or not of the expected shape: " + m.getOriginalMessage()), request));
            }
            String expected = m.getTargetType() == null ? "of another type" : describe(m.getTargetType());
            return untyped(invalid(field, "must be " + expected, request));
        }
        if (cause instanceof StreamReadException s) {
            String at = s.getLocation() == null ? "" : " at line " + s.getLocation().getLineNr() + ", column " + s.getLocation().getColumnNr();
            return untyped(respond(Problems.of(400, "malformed-json", "Malformed JSON",
                    "The request body is not valid JSON" + at + ": " + s.getOriginalMessage()), request));
        }
        if (cause instanceof JacksonException j) {
            return untyped(respond(Problems.of(400, "malformed-body", "Malformed request body", j.getOriginalMessage()), request));
        }
        return untyped(respond(Problems.of(400, "malformed-body", "Malformed request body",
                "The request body is missing or cannot be read."), request));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return untyped(invalid(e.getParameterName(), "is required", request));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail p ? p : ProblemDetail.forStatus(status);
        String code = CODES.getOrDefault(status.value(), "error-" + status.value());
        problem.setType(URI.create(Problems.TYPE_PREFIX + code));
        problem.setProperty("code", code);
        Problems.withRequestId(problem);
        if (problem.getDetail() == null) {
            problem.setDetail(e.getMessage());
        }
        if (request instanceof ServletWebRequest servlet) {
            problem.setInstance(RoutedPath.instance(servlet.getRequest()));
            if (RoutedPath.of(servlet.getRequest()).startsWith(SessionmErrors.PREFIX)) {
                return new ResponseEntity<>(SessionmErrors.body(problem), headersOf(headers, MediaType.APPLICATION_JSON), status);
            }
        }
        HttpHeaders out = new HttpHeaders();
        if (headers != null) {
            out.putAll(headers);
        }
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, out, status);
    }

    private static HttpHeaders headersOf(HttpHeaders headers, MediaType type) {
        HttpHeaders out = new HttpHeaders();
        if (headers != null) {
            out.putAll(headers);
        }
        out.setContentType(type);
        return out;
    }

    private ResponseEntity<ProblemDetail> invalid(String field, String message, WebRequest request) {
        List<FieldError> errors = List.of(new FieldError(field, message));
        return respond(Problems.of(400, "invalid-input", "Invalid input", field + ": " + message, errors), request);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            problem.setInstance(RoutedPath.instance(servlet.getRequest()));
            HttpServletResponse response = servlet.getResponse();
            if (response != null && problem.getStatus() == 413) {
                response.setHeader("Connection", "close");
            }
            if (RoutedPath.of(servlet.getRequest()).startsWith(SessionmErrors.PREFIX)) {
                return (ResponseEntity) ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_JSON)
                        .body(SessionmErrors.body(problem));
            }
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> untyped(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }

    /** The JSON path of a binding error, such as {@code identifiers[2].type}. */
    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
        }
        return switch (type.getSimpleName()) {
            case "UUID" -> "a UUID";
            case "Instant", "OffsetDateTime" -> "a date-time such as 2024-02-28T02:14:05.453Z";
            case "LocalDate" -> "a date such as 1999-07-01";
            case "int", "Integer", "long", "Long" -> "an integer";
            case "boolean", "Boolean" -> "true or false";
            case "String" -> "a string";
            default -> "a valid " + type.getSimpleName();
        };
    }

    private static String description(WebRequest request) {
        return request instanceof ServletWebRequest s ? s.getRequest().getMethod() + " " + s.getRequest().getRequestURI() : request.toString();
    }
}
