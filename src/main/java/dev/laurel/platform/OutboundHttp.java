package dev.laurel.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Every HTTP call Laurel makes to another system goes through here: the URL must pass the
 * allow-list policy, redirects are not followed, the whole exchange has a deadline and the body
 * read is bounded.
 *
 * <p>Policy: a host may resolve only to public addresses, unless it is listed in
 * {@code LAUREL_OUTBOUND_ALLOWED_HOSTS}; in development, loopback addresses are allowed too.
 * Loopback, private, link-local (cloud metadata), carrier-grade NAT, unique-local, multicast and
 * unspecified addresses are refused otherwise.
 */
@Component
public class OutboundHttp {

    public static final int BODY_BYTES_MAX = 1024 * 1024;

    private final List<String> allowedHosts;
    private final boolean loopbackAllowed;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    OutboundHttp(LaurelSettings settings) {
        this.allowedHosts = settings.outbound().allowedHosts().stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).toList();
        this.loopbackAllowed = !settings.production();
    }

    /** What came back: status, headers and at most {@link #BODY_BYTES_MAX} bytes of body. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {}

    /** Checks a URL against the policy without calling it. */
    public void check(URI uri) throws OutboundRefused {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutboundRefused("only http and https URLs are called, not " + uri);
        }
        String host = uri.getHost();
        if (host == null) {
            throw new OutboundRefused("the URL has no host: " + uri);
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (allowedHosts.contains(bare.toLowerCase(Locale.ROOT)) || allowedHosts.contains((bare + ":" + port).toLowerCase(Locale.ROOT))) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new OutboundRefused("the host " + bare + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (address.isLoopbackAddress() && loopbackAllowed) {
                continue;
            }
            if (!isPublic(address)) {
                throw new OutboundRefused(bare + " resolves to " + address.getHostAddress()
                        + ", a private or local address; list the host in LAUREL_OUTBOUND_ALLOWED_HOSTS to allow it");
            }
        }
    }

    /**
     * Sends {@code request} (whose URL must pass {@link #check}) and waits at most {@code deadline}
     * for the whole answer.
     */
    public Answer send(HttpRequest request, Duration deadline) throws OutboundRefused, IOException, TimeoutException {
        check(request.uri());
        AtomicReference<InputStream> stream = new AtomicReference<>();
        CompletableFuture<Answer> exchange = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    stream.set(response.body());
                    try (InputStream in = response.body()) {
                        byte[] body = in.readNBytes(BODY_BYTES_MAX + 1);
                        if (body.length > BODY_BYTES_MAX) {
                            throw new IllegalStateException("the answer is larger than " + BODY_BYTES_MAX + " bytes");
                        }
                        return new Answer(response.statusCode(), response.headers().map(), body);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        try {
            return exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            InputStream in = stream.get();
            if (in != null) {
                in.close();
            }
            throw new TimeoutException("no complete answer within " + deadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                // The request's own timeout (usually the same as the deadline) can fire a moment before the deadline does.
                throw new TimeoutException("no complete answer within " + deadline.toMillis() + " ms");
            }
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 100.64.0.0/10 carrier-grade NAT, 0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15 benchmarking, 240.0.0.0/4 reserved
            return !(first == 100 && second >= 64 && second < 128) && first != 0 && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    && !(first == 198 && (second == 18 || second == 19)) && first < 240;
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            // fc00::/7 unique local; IPv4-mapped addresses are judged as the IPv4 address they carry
            if ((first & 0xfe) == 0xfc) {
                return false;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
