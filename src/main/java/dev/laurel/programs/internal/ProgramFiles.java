package dev.laurel.programs.internal;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.LaurelSettings;
import dev.laurel.programs.AppliedProgram;
import dev.laurel.programs.DevelopmentKeys;
import dev.laurel.programs.InvalidProgram;
import dev.laurel.programs.Program;
import dev.laurel.programs.ProgramDocuments;
import dev.laurel.programs.ProgramDocuments.Format;
import dev.laurel.programs.ProgramDocuments.Parsed;
import dev.laurel.programs.Programs;
import dev.laurel.programs.Scope;
import dev.laurel.programs.internal.ProgramParser.LeftOutSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * At start-up, before the port opens: validates every program file (all of them first, so one
 * run reports every broken file) and applies them. With no {@code LAUREL_PROGRAMS_DIR}, development
 * loads the bundled samples with the {@link DevelopmentKeys}.
 */
@Component
public class ProgramFiles implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ProgramFiles.class);
    static final String SAMPLES = "classpath:samples/programs/*.yaml";
    public static final int FILES_MAX = 1000;

    private final LaurelSettings settings;
    private final Environment environment;
    private final Programs programs;

    ProgramFiles(LaurelSettings settings, Environment environment, Programs programs) {
        this.settings = settings;
        this.environment = environment;
        this.programs = programs;
    }

    /** Names and text of one program file. */
    record ProgramFile(String name, String text, Format format) {}

    @Override
    public void afterSingletonsInstantiated() {
        List<ProgramFile> files = files();
        Map<String, String> devValuesUsed = new LinkedHashMap<>();
        ProgramDocuments.Variables variables = variables(devValuesUsed);
        List<InvalidProgram> invalid = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        Map<String, String> fileOfProgram = new HashMap<>();
        for (ProgramFile file : files) {
            try {
                ObjectNode document = ProgramDocuments.read(file.name(), file.text(), file.format());
                Parsed p = ProgramParser.parse(file.name(), document, variables, LeftOutSecrets.REFUSE, this::storedDocument);
                programs.refuseDevelopmentKeys(file.name(), document, variables);
                String other = fileOfProgram.putIfAbsent(p.program().id(), file.name());
                if (other != null) {
                    throw new InvalidProgram(file.name(), List.of(new FieldError("id",
                            "program '" + p.program().id() + "' is also defined by " + other)));
                }
                parsed.add(p);
            } catch (InvalidProgram e) {
                invalid.add(e);
            }
        }
        if (!invalid.isEmpty()) {
            throw new InvalidProgramFiles(invalid);
        }
        for (int i = 0; i < parsed.size(); i++) {
            AppliedProgram applied = programs.apply(parsed.get(i), Programs.Source.FILE, files.get(i).name());
            log.info("program {} from {}: revision {}{}", applied.id(), files.get(i).name(), applied.revision(),
                    applied.changed() ? " (applied)" : " (unchanged)");
        }
        if (!devValuesUsed.isEmpty()) {
            logDevelopmentKeys(parsed, devValuesUsed);
        }
    }

    /** The stored form in force, whose operator password hashes a file applied again keeps (its other secrets it must give). */
    private ObjectNode storedDocument(String programId) {
        return programs.storedDocument(programId).map(Programs.StoredDocument::document).orElse(null);
    }

    private List<ProgramFile> files() {
        String dir = settings.programs().dir();
        if (dir.isBlank()) {
            return settings.production() ? List.of() : samples();
        }
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            throw new InvalidProgramFiles(List.of(new InvalidProgram(dir,
                    List.of(new FieldError("LAUREL_PROGRAMS_DIR", "is not a directory")))));
        }
        List<ProgramFile> files = new ArrayList<>();
        List<InvalidProgram> invalid = new ArrayList<>();
        try (Stream<Path> list = Files.list(path)) {
            for (Path file : list.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || Files.isDirectory(file)) {
                    continue;
                }
                Optional<Format> format = Format.ofFileName(name);
                if (format.isEmpty()) {
                    invalid.add(new InvalidProgram(name, List.of(new FieldError("(file)",
                            "is not a program document: name it .yaml, .yml or .json"))));
                    continue;
                }
                files.add(new ProgramFile(name, Files.readString(file, StandardCharsets.UTF_8), format.get()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read LAUREL_PROGRAMS_DIR " + path.toAbsolutePath(), e);
        }
        if (files.size() > FILES_MAX) {
            throw new IllegalStateException("LAUREL_PROGRAMS_DIR holds more than " + FILES_MAX + " program files");
        }
        if (!invalid.isEmpty()) {
            throw new InvalidProgramFiles(invalid);
        }
        return files;
    }

    private static List<ProgramFile> samples() {
        try {
            List<ProgramFile> files = new ArrayList<>();
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources(SAMPLES);
            Arrays.sort(resources, Comparator.comparing(Resource::getFilename));
            for (Resource r : resources) {
                try (InputStream in = r.getInputStream()) {
                    files.add(new ProgramFile(r.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8), Format.YAML));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the bundled sample programs", e);
        }
    }

    /** Files may read any variable; development fills in the samples' variables that are not set. */
    private ProgramDocuments.Variables variables(Map<String, String> devValuesUsed) {
        boolean development = !settings.production();
        return ProgramDocuments.variables(name -> {
            String value = environment.getProperty(name);
            if (value == null && development) {
                value = DevelopmentKeys.value(name).orElse(null);
                if (value != null) {
                    devValuesUsed.put(name, value);
                }
            }
            return value;
        }, null);
    }

    private static void logDevelopmentKeys(List<Parsed> parsed, Map<String, String> used) {
        StringBuilder text = new StringBuilder("""
                
                ==========================================================================
                 DEVELOPMENT KEYS IN USE (LAUREL_PROFILE is not production). They are
                 public: never use them for real members. Try:
                   curl -H 'apikey: dev-acme-admin-key' http://localhost:8080/v1/members
                """);
        for (Parsed p : parsed) {
            for (Program.ApiKeySpec key : p.program().apiKeys()) {
                used.forEach((name, value) -> {
                    if (ProgramDocuments.sha256(value).equals(key.secretSha256())) {
                        text.append(String.format("   program %-14s key %-13s %-8s %s%n", p.program().id(), key.name(),
                                new TreeSet<>(key.scopes().stream().map(Scope::wire).toList()), value));
                    }
                });
            }
        }
        text.append("   console: http://localhost:8080/console  (program id, operator / dev-console-password)\n");
        text.append("==========================================================================");
        log.warn(text.toString());
    }
}
