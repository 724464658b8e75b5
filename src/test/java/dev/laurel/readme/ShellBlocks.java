package dev.laurel.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell blocks of a Markdown document, in order: fenced code blocks whose info string is a shell's
 * ({@code sh}, {@code bash}, {@code shell}, {@code zsh}, {@code console}), so no spelling of the fence hides a block
 * from {@link ShellRun}. A block is run unless the last non-blank line before its fence is the marker
 * {@code <!-- not run: why -->} (starting Laurel, a production setting, another machine).
 */
public final class ShellBlocks {

    public static final Set<String> SHELL_INFO = Set.of("sh", "bash", "shell", "zsh", "console");

    /** The marker, with the reason it must give. */
    static final Pattern NOT_RUN = Pattern.compile("^<!--\\s*not run:\\s*\\S.*-->$");

    /** A status a block states in a comment, {@code # 409 voucher-already-redeemed}: the refusal it shows. */
    private static final Pattern STATED_STATUS = Pattern.compile("#\\s*([1-5]\\d\\d)\\b");

    private static final String FENCE = "```";

    /**
     * One shell block.
     *
     * @param number its number among the document's shell blocks, from 1
     * @param firstLine the document's line number (from 1) of its first line of code
     * @param run false when marked not to be run
     * @param lines its code, the fence's indentation taken off
     */
    public record Block(int number, int firstLine, boolean run, List<String> lines) {

        /** The HTTP statuses its comments state ({@code # 409 ...}), separated by spaces. */
        public String statedStatuses() {
            List<String> statuses = new ArrayList<>();
            for (String line : lines) {
                Matcher m = STATED_STATUS.matcher(line);
                while (m.find()) {
                    if (!statuses.contains(m.group(1))) {
                        statuses.add(m.group(1));
                    }
                }
            }
            return String.join(" ", statuses);
        }
    }

    private ShellBlocks() {
    }

    public static List<Block> of(String markdown) {
        String[] lines = markdown.split("\n", -1);
        List<Block> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String opening = lines[i].strip();
            if (!opening.startsWith(FENCE)) {
                i++;
                continue;
            }
            int indent = lines[i].indexOf(FENCE);
            String info = opening.substring(FENCE.length()).strip().split("\\s+", 2)[0];
            int close = i + 1;
            while (close < lines.length && !lines[close].strip().equals(FENCE)) {
                close++;
            }
            if (close == lines.length) {
                throw new IllegalArgumentException("the code block opened on line " + (i + 1) + " is never closed");
            }
            if (SHELL_INFO.contains(info)) {
                List<String> code = new ArrayList<>();
                for (int k = i + 1; k < close; k++) {
                    String line = lines[k];
                    int cut = Math.min(indent, line.length() - line.stripLeading().length());
                    code.add(line.substring(cut));
                }
                blocks.add(new Block(blocks.size() + 1, i + 2, !markedNotRun(lines, i), List.copyOf(code)));
            }
            i = close + 1;
        }
        return List.copyOf(blocks);
    }

    private static boolean markedNotRun(String[] lines, int fence) {
        for (int k = fence - 1; k >= 0; k--) {
            if (!lines[k].isBlank()) {
                return NOT_RUN.matcher(lines[k].strip()).matches();
            }
        }
        return false;
    }
}
