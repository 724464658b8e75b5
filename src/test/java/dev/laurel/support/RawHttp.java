package dev.laurel.support;

import dev.laurel.support.Api.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 written byte for byte on a socket, for what {@code java.net.http} will not send: a request target
 * with {@code %zz}, {@code ;}, {@code ..} or raw brackets, a body that does not match its Content-Length, or
 * a request from another local address ({@code 127.0.0.2}) than the test's other clients.
 *
 * <p>Like {@link Api}, a 5xx answer fails the test unless {@link #expecting5xx()} says it may come.
 */
public final class RawHttp {

    /** How long a whole answer may take before the test fails. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final InetAddress localAddress;
    private final boolean serverErrorsExpected;

    public RawHttp(int port) {
        this(port, null, false);
    }

    private RawHttp(int port, InetAddress localAddress, boolean serverErrorsExpected) {
        this.port = port;
        this.localAddress = localAddress;
        this.serverErrorsExpected = serverErrorsExpected;
    }

    /** The same client, connecting from {@code address} (any of 127.0.0.0/8 on Linux): another client, to the server. */
    public RawHttp from(String address) {
        try {
            return new RawHttp(port, InetAddress.getByName(address), serverErrorsExpected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawHttp expecting5xx() {
        return new RawHttp(port, localAddress, true);
    }

    /** A socket to the server, from this client's address, that fails a read after {@code readTimeout}. */
    public Socket connect(Duration readTimeout) {
        try {
            Socket socket = new Socket();
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response get(String target, String... headers) {
        return send("GET", target, null, null, headers);
    }

    /**
     * Sends one request ({@code Connection: close}) with {@code headers} given as name, value pairs, and reads
     * the whole answer. {@code target} is written exactly as given.
     */
    public Response send(String method, String target, String body, String contentType, String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nConnection: close\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = connect(ANSWER_TIMEOUT)) {
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            Response response = read(socket.getInputStream());
            if (response.status() >= 500 && !serverErrorsExpected) {
                throw new AssertionError(method + " " + target + " answered " + response.status()
                        + ", a server error the test did not expect: " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one answer: status line, headers, and a body by Content-Length, chunks, or to the end of the stream. */
    public static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the connection closed without an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        String length = first(headers, "Content-Length");
        String encoding = first(headers, "Transfer-Encoding");
        byte[] body;
        if (encoding != null && encoding.equalsIgnoreCase("chunked")) {
            body = chunks(in);
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String size = line(in); size != null; size = line(in)) {
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                line(in);
                break;
            }
            out.write(in.readNBytes(n));
            line(in);
        }
        return out.toByteArray();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    /** One CRLF-terminated line, or {@code null} at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
