package dev.laurel.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A point master for one test, over real HTTP on 127.0.0.1 (a port of its own): it serves the
 * points log at {@code GET /fetchPointHistory?id=...} and takes adjustments at
 * {@code POST /webhooks/points}, recording each one. Close it when the test ends: that also
 * releases any request it was told to hang.
 */
public final class TestPointMaster implements AutoCloseable {

    /** The seed's points log example, as the master answers it unless told otherwise. */
    public static final String SEED_HISTORY = """
            [
              {
                "transactionDate": "2023-05-08T12:06:58Z",
                "amount": 1900,
                "description": "Purchase of tshirt"
              },
              {
                "transactionDate": "2023-05-08T12:02:55Z",
                "amount": 1500,
                "description": "Purchase of jeans"
              }
            ]""";

    /** What the master answers: an HTTP status and a body. */
    public record Answer(int status, String body) {}

    /** A webhook call as the master received it: headers (names in lower case) and body. */
    public record Received(Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-point-master");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch released = new CountDownLatch(1);
    private final Map<String, Answer> history = new ConcurrentHashMap<>();
    private volatile Answer defaultHistory = new Answer(200, SEED_HISTORY);
    private volatile boolean hangHistory;
    private final List<String> historyRequests = new CopyOnWriteArrayList<>();
    private final List<Received> webhooks = new CopyOnWriteArrayList<>();
    private final Deque<Integer> webhookStatuses = new ArrayDeque<>();
    private int lastWebhookStatus = 200;

    public TestPointMaster() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/fetchPointHistory", this::history);
        server.createContext("/webhooks/points", this::webhook);
        server.start();
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:41234}: the value for {@code POINT_MASTER_URL}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The points log answered for this contact (others keep the default). */
    public TestPointMaster answerHistory(String contactId, int status, String body) {
        history.put(contactId, new Answer(status, body));
        return this;
    }

    /** The points log answered for every contact not given one of its own. */
    public TestPointMaster answerHistory(int status, String body) {
        defaultHistory = new Answer(status, body);
        return this;
    }

    /** From now on the points log is never answered: each request waits until the master is closed. */
    public TestPointMaster hangHistory() {
        hangHistory = true;
        return this;
    }

    /**
     * The statuses the next webhook calls are answered with, in order; once they are used up the
     * last one is answered to every call. {@code answerWebhooks(500)} fails every call.
     */
    public synchronized TestPointMaster answerWebhooks(int... statuses) {
        if (statuses.length == 0) {
            throw new IllegalArgumentException("give at least one status");
        }
        webhookStatuses.clear();
        for (int s : statuses) {
            webhookStatuses.add(s);
        }
        lastWebhookStatus = statuses[statuses.length - 1];
        return this;
    }

    /** The contact ids the points log was asked for, in order. */
    public List<String> historyRequests() {
        return List.copyOf(historyRequests);
    }

    /** Every webhook call received so far, in order. */
    public List<Received> webhooks() {
        return List.copyOf(webhooks);
    }

    private void history(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, new Answer(405, ""));
                return;
            }
            String id = query(exchange.getRequestURI()).get("id");
            historyRequests.add(id);
            if (hangHistory) {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            send(exchange, id == null ? new Answer(400, "{\"error\": \"id is required\"}") : history.getOrDefault(id, defaultHistory));
        }
    }

    private void webhook(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, new Answer(405, ""));
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            webhooks.add(new Received(Collections.unmodifiableMap(headers), body));
            int status;
            synchronized (this) {
                status = webhookStatuses.isEmpty() ? lastWebhookStatus : webhookStatuses.poll();
            }
            send(exchange, new Answer(status, status >= 200 && status < 300 ? "{\"received\": true}" : "{\"error\": \"the master failed\"}"));
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** Releases every hanging request and stops listening. */
    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
