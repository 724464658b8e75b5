package dev.laurel.proof;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL of one test's own (io.zonky's embedded binaries) on a fixed data directory and port, so
 * it can be stopped hard and started again where it was: the database restart a node must survive.
 *
 * <p>Commits are synchronous: an immediate stop loses what PostgreSQL had not written, so with
 * {@code synchronous_commit=off} (zonky's default) a "lost" point would be PostgreSQL's, not Laurel's. An
 * immediate stop is a crash of the server process, not of the machine, so fsync stays off for speed.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final Path log;
    private EmbeddedPostgres postgres;
    private int starts;

    public PrivatePostgres(Path dataDir, Path log) {
        this.dataDir = dataDir;
        this.port = LaurelNode.freePort();
        this.log = log;
    }

    public PrivatePostgres start() {
        try {
            Files.createDirectories(dataDir);
            postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off").setServerConfig("max_connections", "100")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            starts++;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the private PostgreSQL in " + dataDir, e);
        }
    }

    public int starts() {
        return starts;
    }

    /** The {@code LAUREL_DB_*} settings of a node on this PostgreSQL. */
    public Map<String, String> settings() {
        return Map.of("LAUREL_DB_URL", "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "LAUREL_DB_USERNAME", "postgres");
    }

    /**
     * {@code pg_ctl stop -m immediate} with the binaries zonky unpacked: every backend is killed and no
     * checkpoint is written, as in a crash of the server; the next start recovers from the WAL.
     */
    public void stopImmediately() {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // zonky runs PostgreSQL in a user namespace when the tests run as root: pg_ctl must go the same way.
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(pgCtl().getPath(), "-D", dataDir.toString(), "stop", "-m", "immediate", "-w", "-t", "30"));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("pg_ctl stop -m immediate failed; see " + log + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        // zonky still holds its lock on the data directory: releasing it (its own stop finds no server) lets a new start take it.
        release();
    }

    private void release() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgres = null;
        }
    }

    private File pgCtl() {
        try {
            Field pgDir = EmbeddedPostgres.class.getDeclaredField("pgDir");
            pgDir.setAccessible(true);
            return new File((File) pgDir.get(postgres), "bin/pg_ctl");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("zonky's EmbeddedPostgres no longer keeps its binaries in 'pgDir'", e);
        }
    }

    /** A fast stop (closing every connection) and the lock released; the data directory stays. */
    @Override
    public void close() {
        release();
    }
}
