package dev.laurel.api;

import dev.laurel.imports.MemberImports;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@link #BODY_BYTES_MAX} (a member import's over {@link MemberImports#BYTES_MAX}) with 413: at once when Content-Length says so,
 * else as soon as the body read passes the limit. The connection is closed so the rest is not read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodyLimitFilter extends OncePerRequestFilter {

    static final long BODY_BYTES_MAX = 8L * 1024 * 1024;
    /** The one endpoint whose body is a file, streamed to disk as it is read: {@code POST /v1/imports}. */
    static final String IMPORT_PATH = "/v1/imports";

    private final ProblemWriter problems;

    BodyLimitFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long max = bytesMax(request);
        if (request.getContentLengthLong() > max) {
            tooLarge(request, response);
            return;
        }
        chain.doFilter(new Limited(request, max), response);
    }

    /** The bound of this request's body: a member import's, or every other request's. */
    static long bytesMax(HttpServletRequest request) {
        return isImport(request) ? MemberImports.BYTES_MAX : BODY_BYTES_MAX;
    }

    static boolean isImport(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && IMPORT_PATH.equals(request.getRequestURI());
    }

    static void tooLarge(HttpServletRequest request, HttpServletResponse response, ProblemWriter problems) throws IOException {
        response.setHeader("Connection", "close");
        long max = bytesMax(request);
        problems.write(request, response, Problems.of(413, "body-too-large", "Payload too large",
                "The request body is larger than " + max + " bytes (" + (max >> 20) + " MiB)."));
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        tooLarge(request, response, problems);
    }

    /** Thrown when a body without a (truthful) Content-Length grows past the limit while being read. */
    static final class BodyTooLarge extends IOException {
        final long max;

        BodyTooLarge(long max) {
            super("request body larger than " + max + " bytes");
            this.max = max;
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), max);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long count;

        CountingStream(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        private void add(long n) throws BodyTooLarge {
            if (n > 0 && (count += n) > max) {
                throw new BodyTooLarge(max);
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            add(n);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
