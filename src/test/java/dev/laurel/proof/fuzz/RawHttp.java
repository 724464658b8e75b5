package dev.laurel.proof.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client that sends exactly the bytes it is given: a request target with malformed
 * {@code %} escapes, raw NUL or invalid UTF-8 in a body, a thousand query parameters. The JDK's clients
 * refuse to send most of these, which is why the fuzzer needs its own. One connection, kept alive
 * between requests; not thread-safe (one per client thread).
 */
final class RawHttp implements AutoCloseable {

    /** A response body larger than this is not read further (none of Laurel's should come near it). */
    static final int BODY_BYTES_MAX = 32 * 1024 * 1024;
    static final int HEAD_BYTES_MAX = 64 * 1024;

    record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {}

    record Response(int status, Map<String, String> headers, byte[] body, long elapsedMillis) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** No answer: the connection failed, or no complete answer came within the timeout ({@code hang}). */
    static final class NoAnswer extends IOException {
        final boolean hang;

        NoAnswer(String message, boolean hang, Throwable cause) {
            super(message, cause);
            this.hang = hang;
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** Whether any byte of the current answer was read: before that, a failure on a kept-alive connection may be retried. */
    private boolean answerStarted;

    RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Sends the request and reads the answer within {@code timeout}. A request that fails on a kept-alive
     * connection before any answer byte is sent once more on a new connection (the server may have closed
     * it in between, as any client must allow for).
     */
    Response send(Request request, Duration timeout) throws NoAnswer {
        boolean reused = socket != null;
        try {
            return exchange(request, timeout);
        } catch (NoAnswer e) {
            close();
            if (reused && !e.hang && !answerStarted) {
                try {
                    return exchange(request, timeout);
                } catch (NoAnswer again) {
                    close();
                    throw again;
                }
            }
            throw e;
        }
    }

    private Response exchange(Request request, Duration timeout) throws NoAnswer {
        answerStarted = false;
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        try {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), (int) Math.min(timeout.toMillis(), 5000));
                in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                out = socket.getOutputStream();
            }
            try {
                write(request);
            } catch (IOException writeFailed) {
                // The server may answer and close before it has read everything (a 400 for a request line over its
                // limit, a 413): its answer is then waiting to be read, as any client that reads after a failed write sees.
                try {
                    Response answered = read(request, deadline, started);
                    close();
                    return answered;
                } catch (IOException noAnswer) {
                    throw writeFailed;
                }
            }
            Response response = read(request, deadline, started);
            String connection = response.header("connection");
            if (connection != null && connection.equalsIgnoreCase("close")) {
                close();
            }
            return response;
        } catch (SocketTimeoutException e) {
            throw new NoAnswer("no complete answer within " + timeout.toMillis() + " ms", true, e);
        } catch (NoAnswer e) {
            throw e;
        } catch (IOException e) {
            throw new NoAnswer("the connection failed: " + e, false, e);
        }
    }

    private void write(Request request) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append(':').append(port).append("\r\n");
        boolean hasLength = false;
        for (Map.Entry<String, String> h : request.headers()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            hasLength |= h.getKey().equalsIgnoreCase("Content-Length") || h.getKey().equalsIgnoreCase("Transfer-Encoding");
        }
        if (!hasLength && (request.body() != null || !request.method().equals("GET") && !request.method().equals("HEAD"))) {
            head.append("Content-Length: ").append(request.body() == null ? 0 : request.body().length).append("\r\n");
        }
        head.append("\r\n");
        // The request line may carry bytes that are not ASCII on purpose: ISO-8859-1 writes each char as one byte.
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (request.body() != null) {
            out.write(request.body());
        }
        out.flush();
    }

    private Response read(Request request, long deadline, long started) throws IOException {
        while (true) {
            String statusLine = line(deadline, true);
            if (statusLine == null) {
                throw new IOException("the server closed the connection before answering");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            int headBytes = 0;
            for (String line = line(deadline, false); !line.isEmpty(); line = line(deadline, false)) {
                headBytes += line.length();
                if (headBytes > HEAD_BYTES_MAX) {
                    throw new IOException("response head over " + HEAD_BYTES_MAX + " bytes");
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            if (status >= 100 && status < 200) {
                continue;
            }
            byte[] body = body(request, status, headers, deadline);
            return new Response(status, headers, body, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private byte[] body(Request request, int status, Map<String, String> headers, long deadline) throws IOException {
        if (request.method().equals("HEAD") || status == 204 || status == 304) {
            return new byte[0];
        }
        String encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(deadline, false);
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    for (String trailer = line(deadline, false); !trailer.isEmpty(); trailer = line(deadline, false)) {
                        // trailers are not used
                    }
                    return body.toByteArray();
                }
                if (body.size() + n > BODY_BYTES_MAX) {
                    throw new IOException("response body over " + BODY_BYTES_MAX + " bytes");
                }
                body.write(exactly(n, deadline));
                line(deadline, false);
            }
        }
        String length = headers.get("content-length");
        if (length != null) {
            long n = Long.parseLong(length.trim());
            if (n > BODY_BYTES_MAX) {
                throw new IOException("response body of " + n + " bytes");
            }
            return exactly((int) n, deadline);
        }
        // Neither: the body ends when the server closes the connection.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int r = readSome(buffer, deadline); r >= 0; r = readSome(buffer, deadline)) {
            body.write(buffer, 0, r);
            if (body.size() > BODY_BYTES_MAX) {
                throw new IOException("response body over " + BODY_BYTES_MAX + " bytes");
            }
        }
        close();
        return body.toByteArray();
    }

    private byte[] exactly(int n, long deadline) throws IOException {
        byte[] bytes = new byte[n];
        int read = 0;
        while (read < n) {
            timeoutUntil(deadline);
            int r = in.read(bytes, read, n - read);
            if (r < 0) {
                throw new IOException("the connection closed " + (n - read) + " bytes before the end of the body");
            }
            read += r;
        }
        return bytes;
    }

    private int readSome(byte[] buffer, long deadline) throws IOException {
        timeoutUntil(deadline);
        return in.read(buffer);
    }

    /** One line without its CRLF; null at a clean end of stream when {@code endAllowed}. */
    private String line(long deadline, boolean endAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            timeoutUntil(deadline);
            int b = in.read();
            answerStarted |= b >= 0;
            if (b < 0) {
                if (endAllowed && line.size() == 0) {
                    return null;
                }
                throw new IOException("the connection closed in the middle of the response head");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > HEAD_BYTES_MAX) {
                throw new IOException("a response line over " + HEAD_BYTES_MAX + " bytes");
            }
        }
    }

    private void timeoutUntil(long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
