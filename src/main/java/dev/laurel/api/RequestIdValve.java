package dev.laurel.api;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.slf4j.MDC;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is 1 to {@link #CHARS_MAX} safe characters,
 * otherwise a new UUID. It is answered in {@code X-Request-Id}, is in the logging MDC (as {@code requestId}) for
 * every log line written while the request is served, and is the {@code requestId} of every problem answered.
 *
 * <p>The first engine valve, so that even what Tomcat answers by itself (a malformed request, too many requests in
 * flight) carries it.
 */
final class RequestIdValve extends ValveBase {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    static final int CHARS_MAX = 128;
    /** Letters, digits and a few marks that ids are made of (UUIDs, ULIDs, Base64, trace ids): nothing that breaks a log line. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:+/=@~-]{1," + CHARS_MAX + "}");

    RequestIdValve() {
        super(true);
    }

    /** The request id of the request being served on this thread, if any. */
    static String current() {
        return MDC.get(MDC_KEY);
    }

    static String accepted(String given) {
        return given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String id = accepted(request.getHeader(HEADER));
        response.setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            getNext().invoke(request, response);
        } finally {
            if (!response.isCommitted()) {
                response.setHeader(HEADER, id); // again: an error page may have reset the headers
            }
            MDC.remove(MDC_KEY);
        }
    }
}
