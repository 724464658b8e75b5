package dev.laurel.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What some tests need from outside the project (the shared seeds and examples, Debian's Chromium),
 * and the one rule for when it is missing: on a developer's machine the test is skipped; under
 * {@code CI=true} it fails, so a CI run can never pass by skipping what it was meant to check.
 */
public final class Prerequisites {

    /** Where the shared seeds and examples are: {@code LAUREL_TEST_SHARED_DIR}, or {@code ../shared} beside the project. */
    public static final String SHARED_DIR_VARIABLE = "LAUREL_TEST_SHARED_DIR";

    private Prerequisites() {}

    /** Whether this run is CI's: the {@code CI} environment variable is {@code true}, as CI services set it. */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the calling test unless {@code present}; under {@code CI=true} fails it instead. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (onCi()) {
            throw new AssertionError("missing under CI=true (where nothing may be skipped): " + what);
        }
        Assumptions.abort("missing, so this test is skipped (it fails under CI=true): " + what);
    }

    /** A file or directory of the shared seeds and examples, e.g. {@code seeds/engage-point-follower.txt}; see {@link #require}. */
    public static Path shared(String relative) {
        Path path = sharedDir().resolve(relative).normalize();
        require(Files.exists(path), path + " (the shared seeds and examples; set " + SHARED_DIR_VARIABLE + " if they are elsewhere)");
        return path;
    }

    /** The project's own directory: Maven's {@code basedir}, else the working directory. */
    public static Path projectDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    private static Path sharedDir() {
        String configured = System.getenv(SHARED_DIR_VARIABLE);
        return configured != null && !configured.isBlank() ? Path.of(configured) : projectDir().resolve("../shared");
    }
}
