package dev.laurel.programs;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.Problem;
import java.util.List;

/** A point definition id the program does not have. */
public final class UnknownDefinition extends Problem {
    public UnknownDefinition(String field, int definitionId) {
        super(400, "unknown-definition", "Unknown point definition",
                field + ": the program has no point definition " + definitionId + ".",
                List.of(new FieldError(field, "names no point definition of this program (was " + definitionId + ")")));
    }
}
