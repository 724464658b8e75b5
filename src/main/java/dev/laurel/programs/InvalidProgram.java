package dev.laurel.programs;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** A program document that cannot be applied, with every field problem in it. */
public final class InvalidProgram extends Problem {

    private final String source;

    public InvalidProgram(String source, List<FieldError> errors) {
        super(400, "invalid-program", "Invalid program document",
                source + ": " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")),
                errors);
        this.source = source;
    }

    /** The file name, or {@code API} for a document sent over the API. */
    public String source() {
        return source;
    }
}
