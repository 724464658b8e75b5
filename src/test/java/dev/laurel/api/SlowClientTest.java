package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.RawHttp;
import dev.laurel.support.TestProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send their bodies a byte at a time, over real sockets, all from one address (127.0.0.1), must
 * not stop Laurel answering another client (127.0.0.2): Tomcat has 200 threads on JDK 17, and a thread held
 * for every slow body would leave none. Laurel does not read on a body it did not need, gives each body
 * {@code LAUREL_REQUEST_BODY_TIMEOUT} ({@link IntegrationTest#REQUEST_BODY_TIMEOUT} here), and lets one address have at most
 * {@code LAUREL_CLIENT_CONNECTIONS_MAX} (64) requests in flight.
 */
class SlowClientTest extends IntegrationTest {

    private static final int CONNECTIONS_MAX = 64;
    /** How long another client's whole answer may take while the slow ones are trickling. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(5);
    private static final String OTHER_CLIENT = "127.0.0.2";

    private final List<Socket> slow = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void closeSlowClients() throws IOException {
        trickle.shutdownNow();
        for (Socket socket : slow) {
            socket.close();
        }
    }

    /** Opens {@code count} connections that send a POST's headers and its body's first byte, then a byte every 500 ms. */
    private void slowBodies(int count, String path, String... headers) {
        RawHttp http = new RawHttp(port);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100000\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] start = (head + "\r\n{").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            Socket socket = http.connect(Duration.ofSeconds(30));
            try {
                socket.getOutputStream().write(start);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            slow.add(socket);
        }
        List<Socket> sockets = List.copyOf(slow);
        trickle.scheduleAtFixedRate(() -> {
            for (Socket socket : sockets) {
                try {
                    socket.getOutputStream().write(' ');
                } catch (IOException closedByLaurel) {
                    // An answered slow client may have been hung up on: that is the point.
                }
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Another client, from another address, gets health answered within {@link #ANSWER_BOUND}, three times over. */
    private void anotherClientIsAnswered() throws IOException {
        RawHttp other = new RawHttp(port).from(OTHER_CLIENT);
        for (int i = 0; i < 3; i++) {
            try (Socket socket = other.connect(ANSWER_BOUND)) {
                socket.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
            }
        }
    }

    /** Each slow client's answer, read within {@code wait}; null for one still unanswered then. */
    private List<Response> answers(Duration wait) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(32);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (Socket socket : slow) {
                answers.add(readers.submit(() -> {
                    socket.setSoTimeout((int) wait.toMillis());
                    try {
                        return RawHttp.read(socket.getInputStream());
                    } catch (SocketTimeoutException stillReading) {
                        return null;
                    }
                }));
            }
            List<Response> result = new ArrayList<>();
            for (Future<Response> answer : answers) {
                result.add(answer.get());
            }
            return result;
        } finally {
            readers.shutdownNow();
        }
    }

    @Test
    void two_hundred_slow_bodies_without_a_key_do_not_stop_answers_to_another_client() throws Exception {
        slowBodies(200, "/v1/members");

        for (Response answer : answers(Duration.ofSeconds(20))) {
            assertThat(answer).isNotNull();
            assertThat(answer.status()).isIn(401, 429);
        }
        anotherClientIsAnswered();
    }

    @Test
    void one_address_has_at_most_64_requests_in_flight_and_the_rest_get_429_at_once() throws Exception {
        TestProgram p = newProgram();
        slowBodies(CONNECTIONS_MAX + 16, "/v1/members", "apikey", p.adminKey());

        List<Response> answers = answers(Duration.ofSeconds(3));

        List<Response> refused = answers.stream().filter(r -> r != null).toList();
        assertThat(refused).hasSize(16);
        for (Response r : refused) {
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("code").asString()).isEqualTo("too-many-requests");
        }
        anotherClientIsAnswered();
        assertThat(new RawHttp(port).get("/actuator/health").status()).isEqualTo(429);

        for (int i = 0; i < slow.size(); i++) {
            if (answers.get(i) == null) {
                slow.get(i).shutdownOutput();
                assertThat(RawHttp.read(slow.get(i).getInputStream()).status()).isEqualTo(400);
            }
        }
        assertThat(new RawHttp(port).get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void a_body_that_does_not_arrive_in_time_is_408_and_its_connection_closed() throws Exception {
        TestProgram p = newProgram();
        slowBodies(1, "/v1/members", "apikey", p.adminKey());

        Response r = RawHttp.read(slow.get(0).getInputStream());

        assertThat(r.status()).isEqualTo(408);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("request-timeout");
        assertThat(closedByLaurel(slow.get(0))).isTrue();
    }

    /** Whether the far end has closed the connection: the end of the stream, or a reset for the bytes sent after. */
    private static boolean closedByLaurel(Socket socket) {
        try {
            return socket.getInputStream().read() == -1;
        } catch (IOException reset) {
            return true;
        }
    }
}
