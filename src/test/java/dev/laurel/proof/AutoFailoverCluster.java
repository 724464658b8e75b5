package dev.laurel.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A pg_auto_failover cluster on this machine (Debian's {@code postgresql-15-auto-failover}): a monitor, a
 * primary and a synchronous secondary, each a {@code pg_autoctl ... --run} process of its own on its own port,
 * with trust authentication on 127.0.0.1 and no TLS. When the tests run as root the processes run as the
 * {@code postgres} user ({@code runuser}), as PostgreSQL refuses to run as root.
 *
 * <p>{@link #killPrimary()} is the loss of the primary's machine: its keeper and PostgreSQL get SIGKILL at once, with
 * no checkpoint and no goodbye to the monitor, which then promotes the secondary.
 */
public final class AutoFailoverCluster implements AutoCloseable {

    static final Path PG_AUTOCTL = Path.of("/usr/bin/pg_autoctl");
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final Path EXTENSION = Path.of("/usr/share/postgresql/15/extension/pgautofailover.control");
    static final String DATABASE = "postgres";
    static final String USER = "postgres";

    private final Path dir;
    private final Path logs;
    private final int monitorPort = LaurelNode.freePort();
    private final List<Node> nodes = new ArrayList<>();
    private Process monitor;

    /** A data node: its name, port, data directory and keeper process. */
    public static final class Node {
        final String name;
        final int port;
        final Path pgdata;
        Process keeper;

        Node(String name, int port, Path pgdata) {
            this.name = name;
            this.port = port;
            this.pgdata = pgdata;
        }

        public String name() {
            return name;
        }

        public int port() {
            return port;
        }

        @Override
        public String toString() {
            return name + " on port " + port;
        }
    }

    private AutoFailoverCluster(Path dir, Path logs) {
        this.dir = dir;
        this.logs = logs;
    }

    /** Whether this machine has pg_auto_failover for PostgreSQL 15 (the package .ci/run installs). */
    public static boolean available() {
        return Files.isExecutable(PG_AUTOCTL) && Files.isExecutable(BIN.resolve("pg_ctl")) && Files.exists(EXTENSION);
    }

    /**
     * Creates and starts the monitor, then the first node (the primary), then the second (its synchronous
     * secondary), and waits until the primary streams to the secondary synchronously. Logs go to {@code logs}.
     */
    public static AutoFailoverCluster start(Path logs) {
        try {
            Files.createDirectories(logs);
            // Under /tmp, not the build directory: the postgres user must be able to reach it.
            Path dir = Files.createTempDirectory("laurel-ha");
            AutoFailoverCluster cluster = new AutoFailoverCluster(dir, logs);
            if (root()) {
                run(List.of("chown", "-R", USER, dir.toString()));
            }
            cluster.startAll();
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startAll() {
        monitor = launch("monitor", List.of("create", "monitor", "--pgdata", dir.resolve("monitor").toString(), "--pgport",
                String.valueOf(monitorPort)));
        Await.until(() -> "the pg_auto_failover monitor to accept connections; its log:\n" + tail("monitor"), Duration.ofSeconds(90),
                () -> query(monitorPort, "pg_auto_failover", "select count(*) from pgautofailover.formation").isPresent());
        Node first = addNode("node1");
        Await.until(() -> "node1 to run as a single primary; its log:\n" + tail("node1"), Duration.ofSeconds(90),
                () -> "single".equals(assignedState(first).orElse("")) && "f".equals(query(first.port, DATABASE, "select pg_is_in_recovery()")
                        .orElse("")));
        Node second = addNode("node2");
        Await.until(() -> "node1 to stream synchronously to node2; node1's log:\n" + tail("node1") + "\nnode2's log:\n" + tail("node2"),
                Duration.ofSeconds(120), () -> "primary".equals(assignedState(first).orElse("")) && "secondary".equals(assignedState(second)
                        .orElse("")) && query(first.port, DATABASE, "select count(*) from pg_stat_replication where sync_state in ('sync', 'quorum')")
                        .map(n -> !n.equals("0")).orElse(false));
    }

    private Node addNode(String name) {
        Node node = new Node(name, LaurelNode.freePort(), dir.resolve(name));
        node.keeper = launch(name, List.of("create", "postgres", "--pgdata", node.pgdata.toString(), "--pgport", String.valueOf(node.port),
                "--monitor", "postgres://autoctl_node@127.0.0.1:" + monitorPort + "/pg_auto_failover?sslmode=disable", "--name", name));
        nodes.add(node);
        return node;
    }

    private Process launch(String name, List<String> args) {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of("runuser", "-u", USER, "--"));
        }
        command.add(PG_AUTOCTL.toString());
        command.addAll(args);
        command.addAll(List.of("--hostname", "127.0.0.1", "--auth", "trust", "--no-ssl", "--pgctl", BIN.resolve("pg_ctl").toString(),
                "--run"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        Map<String, String> env = builder.environment();
        // pg_autoctl keeps its configuration and state under XDG directories: this cluster's own, not the user's.
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_DATA_HOME", dir.resolve("data").toString());
        env.put("HOME", dir.toString());
        env.put("PATH", BIN + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start pg_autoctl for " + name, e);
        }
    }

    /** The multi-host JDBC URL Laurel is given: whichever of the nodes is the primary. */
    public String jdbcUrl() {
        StringBuilder hosts = new StringBuilder();
        for (Node n : nodes) {
            hosts.append(hosts.isEmpty() ? "" : ",").append("127.0.0.1:").append(n.port);
        }
        return "jdbc:postgresql://" + hosts + "/" + DATABASE + "?targetServerType=primary";
    }

    /** The JDBC URL of one node (e.g. a hot standby for reads). */
    public String jdbcUrl(Node node) {
        return "jdbc:postgresql://127.0.0.1:" + node.port + "/" + DATABASE;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The node that answers as a writable primary now, if any. */
    public Optional<Node> primary() {
        return nodes.stream().filter(n -> "f".equals(query(n.port, DATABASE, "select pg_is_in_recovery()").orElse(""))
                && "off".equals(query(n.port, DATABASE, "show transaction_read_only").orElse(""))).findFirst();
    }

    /** What the monitor has assigned to the node (single, primary, secondary, wait_primary, ...), if it answers. */
    public Optional<String> assignedState(Node node) {
        return query(monitorPort, "pg_auto_failover", "select goalstate from pgautofailover.node where nodename = '" + node.name + "'");
    }

    /** The primary's {@code synchronous_standby_names} and {@code synchronous_commit}: what makes a commit wait for the secondary. */
    public String synchronousSettings(Node node) {
        return "synchronous_standby_names = '" + query(node.port, DATABASE, "show synchronous_standby_names").orElse("?")
                + "', synchronous_commit = " + query(node.port, DATABASE, "show synchronous_commit").orElse("?");
    }

    /**
     * The loss of the primary's machine: SIGKILL to its keeper (so nothing restarts PostgreSQL or tells the monitor)
     * and then to PostgreSQL and its backends. Returns the node that was killed.
     */
    public Node killPrimary() {
        Node primary = primary().orElseThrow(() -> new AssertionError("no primary to kill"));
        kill(primary);
        return primary;
    }

    private void kill(Node node) {
        Process keeper = node.keeper;
        List<ProcessHandle> tree = new ArrayList<>(keeper.toHandle().descendants().toList());
        tree.add(0, keeper.toHandle());
        // Keepers first, so none is left to start PostgreSQL again; then PostgreSQL and whatever else is below them.
        // Each process's command is read once: read in the comparator, it changes under the sort as processes end
        // ("Comparison method violates its general contract").
        Map<Boolean, List<ProcessHandle>> byPostgres = tree.stream()
                .collect(Collectors.partitioningBy(h -> h.info().command().orElse("").endsWith("postgres")));
        byPostgres.get(false).forEach(ProcessHandle::destroyForcibly);
        byPostgres.get(true).forEach(ProcessHandle::destroyForcibly);
        postmasterPid(node).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        Await.until("the killed node's processes to end", Duration.ofSeconds(30), () -> tree.stream().noneMatch(ProcessHandle::isAlive)
                && postmasterPid(node).flatMap(ProcessHandle::of).map(h -> !h.isAlive()).orElse(true));
    }

    private static Optional<Long> postmasterPid(Node node) {
        Path pidFile = node.pgdata.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** One value of a one-row query on {@code port}, or empty when the server does not answer. */
    static Optional<String> query(int port, String database, String sql) {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?connectTimeout=2&socketTimeout=5&sslmode=disable";
        try (Connection c = DriverManager.getConnection(url, USER, "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** The end of a process's log. */
    public String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(command + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Kills every process of the cluster and removes its directory. */
    @Override
    public void close() {
        for (Node n : nodes) {
            if (n.keeper != null) {
                kill(n);
            }
        }
        if (monitor != null) {
            List<ProcessHandle> tree = new ArrayList<>(monitor.toHandle().descendants().toList());
            tree.add(0, monitor.toHandle());
            tree.forEach(ProcessHandle::destroyForcibly);
            Await.within(Duration.ofSeconds(30), () -> tree.stream().noneMatch(ProcessHandle::isAlive));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left in /tmp: harmless
        }
    }
}
