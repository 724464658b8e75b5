package dev.laurel.programs.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns broken program files into a start-up message naming each file, field and problem. */
class InvalidProgramFilesAnalyzer extends AbstractFailureAnalyzer<InvalidProgramFiles> {

    @Override
    protected FailureAnalysis analyze(Throwable root, InvalidProgramFiles cause) {
        return new FailureAnalysis(
                "Laurel cannot start: these program documents are invalid (file: field: problem):\n" + cause.getMessage(),
                "Correct the files named above (in LAUREL_PROGRAMS_DIR) and start Laurel again. Nothing was applied.",
                cause);
    }
}
