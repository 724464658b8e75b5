package dev.laurel.imports;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.Problem;
import java.util.List;

/**
 * A file with bad lines: nothing of it is imported. Each error's field is {@code line N} or {@code line N.field}, N the
 * line's number in the file (1 is the first line, a CSV header's).
 */
public final class ImportRefused extends Problem {
    public ImportRefused(long badLines, List<FieldError> errors) {
        super(400, "invalid-import", "Invalid import", badLines + (badLines == 1 ? " line is" : " lines are")
                + " wrong, and nothing of the file was imported"
                + (errors.size() >= MemberImports.ERRORS_LISTED_MAX ? "; the first " + MemberImports.ERRORS_LISTED_MAX + " errors are listed" : "")
                + ". Correct them and send the whole file again.", errors);
    }

    public ImportRefused(String detail, List<FieldError> errors) {
        super(400, "invalid-import", "Invalid import", detail, errors);
    }
}
