package dev.laurel.platform;

import java.util.List;
import java.util.stream.Collectors;

/** A request that is well-formed but wrong: 400 with every field problem listed. */
public final class InvalidInput extends Problem {

    public InvalidInput(List<FieldError> errors) {
        super(400, "invalid-input", "Invalid input", summary(errors), errors);
    }

    public InvalidInput(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    private static String summary(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalStateException("InvalidInput without errors");
        }
        return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
