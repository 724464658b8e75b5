package dev.laurel.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * In production Laurel refuses, before its port opens, to run with nothing to serve: no program document in
 * {@code LAUREL_PROGRAMS_DIR} (the bundled samples are for development only). The database half of the rule (an
 * external one, never the embedded one) is in {@link DatabaseConfiguration}.
 */
@Component
class ProductionChecks implements SmartInitializingSingleton {

    private final LaurelSettings settings;

    ProductionChecks(LaurelSettings settings) {
        this.settings = settings;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!settings.production()) {
            return;
        }
        String dir = settings.programs().dir();
        if (dir == null || dir.isBlank()) {
            throw new UnsafeStart("LAUREL_PROFILE=production loads no sample programs: set LAUREL_PROGRAMS_DIR to the directory "
                    + "of your program documents (.yaml, .yml or .json files).");
        }
        Path path = Path.of(dir);
        // A path that is not a directory is reported by the program loader, with the other problems of its files.
        if (Files.isDirectory(path) && !hasFiles(path)) {
            throw new UnsafeStart("LAUREL_PROGRAMS_DIR (" + path.toAbsolutePath() + ") has no program document: put your programs "
                    + "there as .yaml, .yml or .json files.");
        }
    }

    private static boolean hasFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."));
        } catch (IOException e) {
            throw new UncheckedIOException("could not list LAUREL_PROGRAMS_DIR " + dir, e);
        }
    }
}
