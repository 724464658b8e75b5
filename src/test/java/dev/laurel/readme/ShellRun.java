package dev.laurel.readme;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a document's shell blocks in order, as one bash script (so a variable one block sets is there for the next),
 * after {@code readme/prologue.sh}: {@code set -euo pipefail}, and {@code curl} failing on an answer of 400 or more
 * unless the call shows a status its block states. The first command that fails ends the run, which then says which
 * block and line, and what was printed.
 */
public final class ShellRun {

    /** How long all the blocks together may take; a run that takes longer is a failure. */
    public static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** Printed by the last line of the script: every block ran to its end. */
    static final String DONE = "README_DONE";

    private static final Pattern FAILED = Pattern.compile("README_FAILED line=(\\d+) status=(\\d+)");

    /** bash's own report of an error that ends the script without the ERR trap (an unset variable, a syntax error). */
    private static final Pattern BASH_ERROR = Pattern.compile("script\\.sh: line (\\d+): ");

    /**
     * What a run did.
     *
     * @param failure null when every block ran to its end; otherwise which block and line failed, and the output
     * @param output everything printed, standard output and error together
     * @param blocksRun how many blocks were given to bash
     */
    public record Result(String failure, String output, int blocksRun) {
    }

    private ShellRun() {
    }

    /**
     * Runs the blocks not marked "not run", each {@code rewrites} key replaced by its value in their text (the port
     * of the Laurel under test for {@code localhost:8080}), in {@code workDir}, with {@code environment} added to
     * this process's ({@code PATH} as given there).
     */
    public static Result run(String documentName, List<ShellBlocks.Block> blocks, Map<String, String> rewrites,
            Map<String, String> environment, Path workDir) {
        String prologue = prologue();
        StringBuilder script = new StringBuilder(prologue);
        // where each line of the script came from, {block number, document line}: -1 for the runner's own lines
        List<int[]> origin = new ArrayList<>();
        List<String> originalText = new ArrayList<>();
        prologue.lines().forEach(line -> {
            origin.add(new int[] {-1, -1});
            originalText.add(line);
        });
        int run = 0;
        for (ShellBlocks.Block block : blocks) {
            if (!block.run()) {
                continue;
            }
            run++;
            String statuses = "README_STATUSES='" + block.statedStatuses() + "'";
            addLine(script, origin, originalText, statuses, statuses, block.number(), block.firstLine() - 1);
            for (int k = 0; k < block.lines().size(); k++) {
                String line = block.lines().get(k);
                String rewritten = line;
                for (Map.Entry<String, String> rewrite : rewrites.entrySet()) {
                    rewritten = rewritten.replace(rewrite.getKey(), rewrite.getValue());
                }
                addLine(script, origin, originalText, rewritten, line, block.number(), block.firstLine() + k);
            }
        }
        addLine(script, origin, originalText, "echo " + DONE, "echo " + DONE, -1, -1);

        String output;
        int exit;
        try {
            Path file = workDir.resolve("script.sh");
            Files.writeString(file, script, StandardCharsets.UTF_8);
            Path log = workDir.resolve("output.txt");
            ProcessBuilder builder = new ProcessBuilder("bash", file.getFileName().toString()).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                            Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                output = Files.readString(log, StandardCharsets.UTF_8);
                return new Result("the blocks of " + documentName + " did not finish within " + TIMEOUT + "\n" + output,
                        output, run);
            }
            exit = process.exitValue();
            output = Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the blocks of " + documentName, e);
        }
        if (exit == 0 && output.strip().endsWith(DONE)) {
            return new Result(null, output, run);
        }
        return new Result(failure(documentName, exit, output, origin, originalText), output, run);
    }

    private static String failure(String documentName, int exit, String output, List<int[]> origin, List<String> text) {
        int line = lastLine(FAILED, output);
        if (line < 0) {
            line = lastLine(BASH_ERROR, output);
        }
        StringBuilder message = new StringBuilder();
        if (line > 0 && line <= origin.size() && origin.get(line - 1)[0] > 0) {
            int[] from = origin.get(line - 1);
            message.append(documentName).append(": shell block ").append(from[0]).append(" failed at line ").append(from[1])
                    .append(": ").append(text.get(line - 1).strip());
        } else {
            message.append(documentName).append(": the shell blocks failed (bash exit ").append(exit).append(")");
        }
        return message.append("\n--- output ---\n").append(output).toString();
    }

    private static int lastLine(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        int line = -1;
        while (m.find()) {
            line = Integer.parseInt(m.group(1));
        }
        return line;
    }

    private static void addLine(StringBuilder script, List<int[]> origin, List<String> originalText, String line, String original,
            int block, int documentLine) {
        script.append(line).append('\n');
        origin.add(new int[] {block, documentLine});
        originalText.add(original);
    }

    private static String prologue() {
        try (InputStream in = ShellRun.class.getResourceAsStream("/readme/prologue.sh")) {
            if (in == null) {
                throw new IllegalStateException("no resource /readme/prologue.sh");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
