package dev.laurel.api;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Errors Tomcat answers itself, before Spring MVC sees the request (an unparseable request line,
 * say), are problem+json too, not Tomcat's HTML page.
 */
class ProblemErrorValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String code = status == 400 ? "bad-request" : status == 404 ? "not-found" : status >= 500 ? "internal-error" : "error-" + status;
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"urn:laurel:problem:" + code + "\",\"title\":\"Bad request\",\"status\":" + status
                        + ",\"detail\":\"The request could not be read (its request line, headers or URL are malformed).\",\"code\":\""
                        + code + "\"}");
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone: nothing more can be said.
        }
    }
}
