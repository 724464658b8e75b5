package dev.laurel.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one proof run (requests, kills, restarts, points lost...), printed and written to
 * {@code target/proof/<test>/figures.txt}, for {@code docs/reliability.md}. Written when the run ends,
 * failed or not: a failed run's figures say how far it got.
 */
public final class Figures {

    private final String test;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final long startedNanos = System.nanoTime();

    public Figures(String test) {
        this.test = test;
    }

    public synchronized Figures put(String name, Object value) {
        values.put(name, value);
        return this;
    }

    /** Prints the figures with the run's wall time and writes them under target/proof. */
    public synchronized String write() {
        values.put("time", String.format("%.1f s", (System.nanoTime() - startedNanos) / 1e9));
        StringBuilder text = new StringBuilder("[proof] " + test + "\n");
        values.forEach((name, value) -> text.append(String.format("  %-34s %s%n", name, value)));
        System.out.print(text);
        try {
            Path dir = Files.createDirectories(Path.of("target", "proof", test));
            Files.writeString(dir.resolve("figures.txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
