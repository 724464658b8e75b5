package dev.laurel.api;

import dev.laurel.platform.DatabaseFailures;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Errors Tomcat answers itself, before Spring MVC sees the request (an unparseable request line,
 * say), are problem+json too, not Tomcat's HTML page; a database failure that passes (see
 * {@link DatabaseFailures}) reaching this far is a 503 {@code database-unavailable} with {@code Retry-After}.
 */
class ProblemErrorValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        boolean unavailable = throwable != null && DatabaseFailures.isTransient(throwable);
        String code = unavailable ? Problems.DATABASE_UNAVAILABLE : status == 400 ? "bad-request" : status == 404 ? "not-found"
                : status >= 500 ? "internal-error" : "error-" + status;
        try {
            if (unavailable) {
                status = 503;
                response.setStatus(status);
                response.setHeader("Retry-After", String.valueOf(DatabaseFailures.RETRY_AFTER_SECONDS));
            }
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                String title = unavailable ? "Database unavailable" : "Bad request";
                String detail = unavailable ? "The database is unavailable; try again in " + DatabaseFailures.RETRY_AFTER_SECONDS + " s."
                        : "The request could not be read (its request line, headers or URL are malformed).";
                writer.write("{\"type\":\"urn:laurel:problem:" + code + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"" + Problems.requestIdJson() + "}");
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone: nothing more can be said.
        }
    }
}
