package dev.laurel.api;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.coyote.InputBuffer;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * What one client may take of a node, bounded before a request reaches any filter, so slow or greedy clients
 * cannot starve the others (Tomcat's 200 threads on JDK 17; memory and connections with virtual threads):
 * <ul>
 * <li>at most {@code requestsMax} requests in flight per remote address: more are answered 429 at once, with
 * {@code Retry-After}, and their connection is closed without reading their body;
 * <li>a request body must arrive within {@code bodyTimeout} of the request (a read after that fails, and
 * Tomcat answers 408 and closes the connection); a pause between two reads is bounded by Tomcat's
 * {@code connectionUploadTimeout} ({@link TomcatConfiguration#BODY_PAUSE_MAX});
 * <li>a body the application did not read is not waited for after the answer: what has already arrived
 * (up to {@link #DRAIN_BYTES_MAX}) is discarded so the connection can be reused, and if more is still to
 * come the connection is closed instead of read on, so a client trickling a body it was refused (no key,
 * say) holds no thread.
 * </ul>
 * The remote address is the client's as Tomcat sees it: behind a proxy, the forwarded one
 * ({@code LAUREL_FORWARD_HEADERS}).
 */
final class ClientLimitsValve extends ValveBase {

    /** At most this much of a body the application left unread is discarded to keep the connection. */
    static final int DRAIN_BYTES_MAX = 64 * 1024;
    static final int RETRY_AFTER_SECONDS = 1;

    private final int requestsMax;
    private final long bodyTimeoutNanos;
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    ClientLimitsValve(int requestsMax, Duration bodyTimeout) {
        super(true);
        this.requestsMax = requestsMax;
        this.bodyTimeoutNanos = bodyTimeout.toNanos();
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String client = request.getRemoteAddr();
        int count = inFlight.merge(client, 1, Integer::sum);
        try {
            if (count > requestsMax) {
                tooMany(request, response);
                return;
            }
            org.apache.coyote.Request coyote = request.getCoyoteRequest();
            InputBuffer body = coyote.getInputBuffer();
            coyote.setInputBuffer(new Deadline(body, System.nanoTime() + bodyTimeoutNanos));
            try {
                getNext().invoke(request, response);
            } finally {
                coyote.setInputBuffer(body);
            }
        } finally {
            inFlight.computeIfPresent(client, (k, n) -> n == 1 ? null : n - 1);
            if (!request.isAsync()) {
                drainOrClose(request, response);
            }
        }
    }

    private void tooMany(Request request, Response response) throws IOException {
        response.setStatus(429);
        response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"urn:laurel:problem:too-many-requests\",\"title\":\"Too many requests\","
                + "\"status\":429,\"detail\":\"This client has " + requestsMax + " requests in flight, as many as one "
                + "client may have at once; send this one again when one of them has been answered.\","
                + "\"code\":\"too-many-requests\"" + Problems.requestIdJson() + "}");
    }

    /**
     * Discards what has arrived of a body the application did not read, without waiting for more. If the body is
     * not then complete, sends the answer now and has Tomcat close the connection after it instead of reading on
     * (which it would otherwise do, up to max-swallow-size, for as long as the client keeps sending, even after
     * a 408 or 413 it answers with {@code Connection: close}).
     */
    private static void drainOrClose(Request request, Response response) {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        long drained = 0;
        try {
            while (!coyote.isFinished() && drained <= DRAIN_BYTES_MAX) {
                coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
                if (coyote.getAvailable() <= 0) {
                    break;
                }
                int n = coyote.doRead(new Discarded());
                if (n < 0) {
                    break;
                }
                drained += n;
            }
        } catch (IOException broken) {
            // The connection is closed below either way.
        }
        if (coyote.isFinished()) {
            return;
        }
        // Committed first: Tomcat takes an unread body for an error, and would otherwise answer 500 in its place.
        if (!response.isCommitted()) {
            try {
                response.flushBuffer();
            } catch (IOException gone) {
                // The client has gone: the connection is closed below all the same.
            }
        }
        coyote.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        response.setErrorReported();
    }

    /** Where drained bytes go: the input filters hand over a view of their buffer (chunked ones set its limit). */
    private static final class Discarded implements ApplicationBufferHandler {
        private ByteBuffer buffer = ApplicationBufferHandler.EMPTY_BUFFER;

        @Override
        public void setByteBuffer(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer getByteBuffer() {
            return buffer;
        }

        @Override
        public void expand(int size) {
            // Nothing is kept, so nothing needs more room.
        }
    }

    /** The request's body, which may be read until {@code deadlineNanos} and no later. */
    private static final class Deadline implements InputBuffer {
        private final InputBuffer body;
        private final long deadlineNanos;

        Deadline(InputBuffer body, long deadlineNanos) {
            this.body = body;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public int doRead(ApplicationBufferHandler handler) throws IOException {
            if (System.nanoTime() - deadlineNanos > 0) {
                // Tomcat answers a read timeout with 408 and closes the connection.
                throw new SocketTimeoutException("the request body did not arrive in time");
            }
            return body.doRead(handler);
        }

        @Override
        public int available() {
            return body.available();
        }
    }
}
