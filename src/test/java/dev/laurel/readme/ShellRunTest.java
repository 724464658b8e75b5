package dev.laurel.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README runner can fail: what it extracts, and that a failing command, an HTTP error or an unset variable ends the run, named. */
class ShellRunTest {

    @TempDir
    Path dir;

    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int status = switch (exchange.getRequestURI().getPath()) {
                case "/ok" -> 200;
                case "/refused" -> 409;
                default -> 404;
            };
            byte[] body = ("{\"status\": " + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shell_blocks_are_found_whatever_the_fence_says_and_a_marked_one_is_not_run() {
        List<ShellBlocks.Block> blocks = ShellBlocks.of("""
                # Title

                ```sh
                echo one
                ```

                ```yaml
                not: shell
                ```

                <!-- not run: starts Laurel -->
                ```bash
                ./mvnw spring-boot:run
                ```

                - a list item

                  ```shell
                  curl -s -i localhost:8080/x   # 409 taken
                  # 410 {"code": "gone"}
                  ```
                """);

        assertThat(blocks).extracting(ShellBlocks.Block::number, ShellBlocks.Block::firstLine, ShellBlocks.Block::run)
                .containsExactly(Tuple.tuple(1, 4, true), Tuple.tuple(2, 13, false),
                        Tuple.tuple(3, 19, true));
        assertThat(blocks.get(2).lines()).containsExactly("curl -s -i localhost:8080/x   # 409 taken", "# 410 {\"code\": \"gone\"}");
        assertThat(blocks.get(2).statedStatuses()).isEqualTo("409 410");
    }

    @Test
    void blocks_run_in_order_in_one_shell_and_a_marked_one_is_skipped() {
        ShellRun.Result result = run("""
                ```sh
                GREETING=hello
                ```

                <!-- not run: would fail -->
                ```sh
                false
                ```

                ```sh
                echo "$GREETING from the second"
                ```
                """);

        assertThat(result.failure()).isNull();
        assertThat(result.blocksRun()).isEqualTo(2);
        assertThat(result.output()).contains("hello from the second");
    }

    @Test
    void a_failing_command_is_reported_with_its_block_line_and_output() {
        ShellRun.Result result = run("""
                ```sh
                echo first
                ```

                ```sh
                echo before the failure
                ls /no/such/directory
                echo never
                ```
                """);

        assertThat(result.failure()).startsWith("TEST.md: shell block 2 failed at line 7: ls /no/such/directory")
                .contains("before the failure", "No such file or directory").doesNotContain("never");
    }

    @Test
    void a_failing_command_inside_a_pipeline_or_an_assignment_fails_the_block() {
        ShellRun.Result pipeline = run("""
                ```sh
                ls /no/such/directory | sed -n 1p
                ```
                """);
        ShellRun.Result assignment = run("""
                ```sh
                ID=$(ls /no/such/directory | sed -n 1p)
                echo "got $ID"
                ```
                """);

        assertThat(pipeline.failure()).startsWith("TEST.md: shell block 1 failed at line 2: ls /no/such/directory | sed -n 1p");
        assertThat(assignment.failure()).startsWith("TEST.md: shell block 1 failed at line 2: ID=$(ls").doesNotContain("got");
    }

    @Test
    void an_unset_variable_fails_the_block() {
        ShellRun.Result result = run("""
                ```sh
                curl -s localhost:8080/members/$MEMBER_ID
                ```
                """);

        assertThat(result.failure()).startsWith("TEST.md: shell block 1 failed at line 2: curl -s localhost:8080/members/$MEMBER_ID")
                .contains("MEMBER_ID: unbound variable");
    }

    @Test
    void an_http_error_fails_the_command_even_inside_an_assignment_and_its_answer_is_shown() {
        ShellRun.Result result = run("""
                ```sh
                curl -s localhost:8080/ok
                ID=$(curl -s localhost:8080/missing | sed -n 's/.*"status": \\([0-9]*\\).*/\\1/p')
                echo "never $ID"
                ```
                """);

        assertThat(result.failure()).startsWith("TEST.md: shell block 1 failed at line 3: ID=$(curl -s localhost:")
                .contains("HTTP 404: curl -s localhost:", "{\"status\": 404}").doesNotContain("never");
        assertThat(result.output()).contains("{\"status\": 200}");
    }

    @Test
    void a_refusal_passes_only_when_the_call_shows_its_status_and_the_block_states_it() {
        ShellRun.Result shown = run("""
                ```sh
                curl -s -i localhost:8080/refused   # 409 already taken
                ```
                """);
        ShellRun.Result notShown = run("""
                ```sh
                curl -s localhost:8080/refused   # 409 already taken
                ```
                """);
        ShellRun.Result notStated = run("""
                ```sh
                curl -si localhost:8080/refused
                ```
                """);
        ShellRun.Result anotherStatus = run("""
                ```sh
                curl -s -i localhost:8080/missing   # 409 already taken
                ```
                """);

        assertThat(shown.failure()).isNull();
        assertThat(shown.output()).contains("HTTP/1.1 409", "{\"status\": 409}");
        assertThat(notShown.failure()).contains("HTTP 409");
        assertThat(notStated.failure()).contains("HTTP 409");
        assertThat(anotherStatus.failure()).contains("HTTP 404");
    }

    @Test
    void a_curl_that_cannot_connect_fails_the_block() {
        ShellRun.Result result = ShellRun.run("TEST.md", ShellBlocks.of("""
                ```sh
                curl -s localhost:1/unreachable
                ```
                """), Map.of(), Map.of(), dir);

        assertThat(result.failure()).contains("shell block 1 failed at line 2", "curl failed (exit 7)");
    }

    private ShellRun.Result run(String markdown) {
        return ShellRun.run("TEST.md", ShellBlocks.of(markdown), Map.of("localhost:8080", "localhost:" + server.getAddress().getPort()),
                Map.of(), dir);
    }
}
