package dev.laurel.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link UnsafeStart} into one line at start-up saying what to set, instead of a stack trace. */
class UnsafeStartAnalyzer extends AbstractFailureAnalyzer<UnsafeStart> {

    @Override
    protected FailureAnalysis analyze(Throwable root, UnsafeStart cause) {
        return new FailureAnalysis("Laurel cannot start: " + cause.getMessage(),
                "Change the setting named above and start Laurel again. Nothing was changed.", cause);
    }
}
