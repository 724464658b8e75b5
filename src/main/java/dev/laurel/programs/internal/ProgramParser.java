package dev.laurel.programs.internal;

import dev.laurel.programs.InvalidProgram;
import dev.laurel.programs.Program;
import dev.laurel.programs.ProgramDocuments.Parsed;
import dev.laurel.programs.ProgramDocuments.Variables;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * From a program document to a program and its stored form, in stages: placeholders resolved,
 * secrets carried over and hashed, the shape checked by the {@link ProgramSchema}, then each
 * section read. Every problem of every stage is reported at once, each field's once.
 */
public final class ProgramParser {

    /** What becomes of a secret a document leaves out. */
    public enum LeftOutSecrets {
        /** It keeps its value in the revision in force: a document read back with GET can be sent again. */
        KEEP_PREVIOUS,
        /** It is an error: a program file says everything. */
        REFUSE
    }

    private ProgramParser() {}

    /**
     * Parses {@code document} (which is not changed). {@code storedOfProgram} gives the stored form
     * in force of a program id, or {@code null}: its secrets fill those left out (if {@code leftOut}
     * says so), and an operator's password hash is kept when the password is the same.
     */
    public static Parsed parse(String source, ObjectNode document, Variables variables, LeftOutSecrets leftOut,
            Function<String, ObjectNode> storedOfProgram) {
        DocumentErrors errors = new DocumentErrors();
        ObjectNode resolved = Placeholders.resolve(document, variables, errors);
        errors.settle();
        JsonNode id = resolved.get("id");
        ObjectNode previous = id != null && id.isString() ? storedOfProgram.apply(id.stringValue()) : null;
        if (previous != null && leftOut == LeftOutSecrets.KEEP_PREVIOUS) {
            Secrets.carryLeftOut(resolved, previous);
        }
        Secrets.hashKeySecrets(resolved);
        Secrets.hashOperatorPasswords(resolved, previous);
        Program program = check(resolved, errors);
        if (!errors.ok()) {
            throw new InvalidProgram(source, errors.list());
        }
        return new Parsed(program, resolved, Fingerprint.of(resolved));
    }

    /** The program of a stored form; stored forms were checked when applied, so a problem now is a bug. */
    public static Program fromStored(ObjectNode stored) {
        DocumentErrors errors = new DocumentErrors();
        Program program = check(stored, errors);
        if (!errors.ok()) {
            throw new IllegalStateException("a stored program document no longer validates: " + errors.list());
        }
        return program;
    }

    private static Program check(ObjectNode document, DocumentErrors errors) {
        ProgramSchema.check(document, errors);
        errors.settle();
        return ProgramReader.read(document, errors);
    }
}
