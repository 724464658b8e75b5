package dev.laurel.platform;

import java.util.List;

/**
 * An expected failure that the caller can act on: it becomes an RFC 9457 problem with a stable
 * {@code code} (and {@code type} {@code urn:laurel:problem:<code>}). Broken invariants are not
 * problems; they are {@link IllegalStateException}s and a bug.
 */
public abstract class Problem extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final List<FieldError> errors;

    protected Problem(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of());
    }

    protected Problem(int status, String code, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** Per-field errors, for validation problems; empty otherwise. */
    public List<FieldError> errors() {
        return errors;
    }
}
