package dev.laurel.platform;

import java.util.ArrayList;
import java.util.List;

/** Collects field errors so a request is answered with all of them at once, not the first. */
public final class Validation {

    private final List<FieldError> errors = new ArrayList<>();

    public Validation add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** How many errors have been collected: a reader compares it before and after one item. */
    public int count() {
        return errors.size();
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** Throws {@link InvalidInput} with every error collected, if there is any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }
}
