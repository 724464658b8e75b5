package dev.laurel.programs.internal;

import dev.laurel.platform.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The errors found in one program document, all of them, in the order found. A document is checked
 * in stages (placeholders, then the schema, then the section readers); once a stage is
 * {@linkplain #settle() settled}, a field it refused gets no further error from a later stage, and
 * the readers read its value as absent: one cause, one error.
 */
public final class DocumentErrors {

    private final List<FieldError> errors = new ArrayList<>();
    private final Set<String> settled = new HashSet<>();

    public void add(String field, String message) {
        if (!settled.contains(field)) {
            errors.add(new FieldError(field, message));
        }
    }

    /** Whether an earlier stage refused the value at {@code field}. */
    public boolean refused(String field) {
        return settled.contains(field);
    }

    /** Ends a stage: the fields with an error so far are refused for the stages after it. */
    public void settle() {
        errors.forEach(e -> settled.add(e.field()));
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    public List<FieldError> list() {
        return List.copyOf(errors);
    }
}
