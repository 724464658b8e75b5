package dev.laurel.proof;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Laurel as a separate operating-system process, as an operator runs it: {@code java -cp ...
 * dev.laurel.LaurelApplication} with its settings in {@code LAUREL_*} environment variables. The
 * classpath is Laurel's classes and runtime libraries only ({@link #classpath()}), so the node is Laurel as built. Output goes to
 * a log file under {@code target/proof/}. A node can be killed with SIGKILL ({@link #kill()}: on Linux
 * {@link Process#destroyForcibly()} is SIGKILL) and started again on the same port.
 *
 * <p>Every process started here is also killed by a JVM shutdown hook, so a failed or interrupted
 * test leaves none behind; tests stop their nodes in {@code finally} as well.
 */
public final class LaurelNode implements AutoCloseable {

    /** How long a start may take on a loaded two-core machine before the test gives up. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How long the readiness probe may take: "within a few seconds", as for any answer while the database is away. */
    static final Duration READINESS_TIMEOUT = Duration.ofSeconds(5);
    /** The JVM options of a node: small heap, and C1 only, which halves the CPU a start takes on two cores. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "laurel-node-reaper"));
    }

    private final String name;
    private final int port;
    private final Map<String, String> settings;
    private final Path log;
    private volatile Process process;
    private int starts;

    private LaurelNode(String name, int port, Map<String, String> settings, Path log) {
        this.name = name;
        this.port = port;
        this.settings = settings;
        this.log = log;
    }

    /**
     * A node named {@code name} (its log is {@code target/proof/<test>/<name>.log}) on a free port, not yet
     * started. {@code settings} are its {@code LAUREL_*} variables; {@code LAUREL_PORT} is added.
     */
    public static LaurelNode create(String test, String name, Map<String, String> settings) {
        int port = freePort();
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("LAUREL_PORT", Integer.toString(port));
        Path dir = Path.of("target", "proof", test);
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            Files.deleteIfExists(log);
            return new LaurelNode(name, port, all, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path log() {
        return log;
    }

    /** How often this node was started. */
    public int starts() {
        return starts;
    }

    /** Starts the process (which must not be running) and waits until it reports ready. */
    public LaurelNode start() {
        launch();
        awaitReady();
        return this;
    }

    /** Starts the process without waiting (several nodes may then start together); {@link #awaitReady()} waits. */
    public void launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(classpath());
        command.add("dev.laurel.LaurelApplication");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Only the settings given count: a LAUREL_* variable of the test's own environment would change the node.
        builder.environment().keySet().removeIf(k -> k.startsWith("LAUREL_"));
        builder.environment().putAll(settings);
        try {
            Files.writeString(log, "==== start " + (starts + 1) + " of " + name + " on port " + port + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        LIVE.add(process);
        starts++;
    }

    /** Waits until {@code /actuator/health/readiness} answers UP; fails with the log's tail if the process dies first. */
    public void awaitReady() {
        Process p = process;
        Await.until(() -> name + " to be ready on port " + port + (p.isAlive() ? "" : " (it exited with " + p.exitValue() + ")")
                + "; the end of its log:\n" + tail(60), START_TIMEOUT, () -> !p.isAlive() || ready());
        if (!p.isAlive()) {
            throw new AssertionError(name + " exited with " + p.exitValue() + " while starting; the end of its log:\n" + tail(60));
        }
    }

    /** Whether the node answers its readiness probe with UP. */
    public boolean ready() {
        return readiness() == Readiness.UP;
    }

    /** What the readiness probe says: UP, DOWN (answered 503 with status DOWN), or nothing within {@link #READINESS_TIMEOUT}. */
    public enum Readiness { UP, DOWN, NO_ANSWER, OTHER }

    public Readiness readiness() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base().resolve("/actuator/health/readiness"))
                    .timeout(READINESS_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                return Readiness.UP;
            }
            return r.body().contains("\"DOWN\"") || r.body().contains("\"OUT_OF_SERVICE\"") ? Readiness.DOWN : Readiness.OTHER;
        } catch (IOException e) {
            return Readiness.NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Readiness.NO_ANSWER;
        }
    }

    public boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** SIGKILL: the process ends at once, whatever it was doing (nothing it had not committed survives). */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        waitFor(p);
    }

    /** SIGTERM, a graceful stop; SIGKILL if it does not end within {@link #STOP_TIMEOUT}. */
    public void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        waitFor(p);
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(p);
    }

    /** The last {@code lines} lines of the node's log (every start of it). */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Lines of the log that contain {@code text}. */
    public List<String> logLines(String text) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        kill();
    }

    /**
     * Laurel's classes and its runtime libraries only, as the built jar has them: the list Maven writes to
     * {@code target/runtime-classpath.txt} (maven-dependency-plugin, runtime scope), never the test JVM's classpath,
     * whose test libraries could hide one the jar lacks.
     */
    static String classpath() {
        Path classes = Path.of("target", "classes").toAbsolutePath();
        Path runtime = Path.of("target", "runtime-classpath.txt");
        if (!Files.isRegularFile(runtime)) {
            throw new IllegalStateException(runtime.toAbsolutePath() + " is missing: run the tests through Maven "
                    + "(./mvnw test), whose generate-test-resources phase writes it");
        }
        try {
            return classes + File.pathSeparator + Files.readString(runtime, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
