package dev.laurel.platform;

/** One thing wrong with one field of a request or document; {@code field} is a path like {@code identifiers[1].type}. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
