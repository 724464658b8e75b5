package dev.laurel.programs.internal;

import dev.laurel.programs.InvalidProgram;
import java.util.List;
import java.util.stream.Collectors;

/** Start-up stops: one or more program files cannot be applied. */
public final class InvalidProgramFiles extends RuntimeException {

    private final List<InvalidProgram> problems;

    public InvalidProgramFiles(List<InvalidProgram> problems) {
        super(problems.stream()
                .flatMap(p -> p.errors().stream().map(e -> p.source() + ": " + e.field() + ": " + e.message()))
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<InvalidProgram> problems() {
        return problems;
    }
}
