package dev.laurel.programs;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.LaurelSettings;
import dev.laurel.programs.ProgramDocuments.Parsed;
import dev.laurel.programs.internal.ProgramStore;
import dev.laurel.programs.internal.ProgramStore.StoredProgram;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The programs module's API: apply documents (from files at start-up or over the API), read the
 * program in force, its revisions, and authenticate API keys.
 */
@Service
public class Programs {

    /** Where a document came from, kept with each revision. */
    public enum Source { FILE, API }

    private final ProgramStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final LaurelSettings settings;
    private final Environment environment;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** A parsed program, and when (System.nanoTime) its revision was last checked against the database. */
    private record Cached(int revision, Program program, long checkedAtNanos) {}

    /** How long a node trusts its copy of a program before checking the revision again: how long a change takes to reach every node. */
    static final long REVISION_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    Programs(ProgramStore store, TransactionTemplate tx, Clock clock, LaurelSettings settings, Environment environment) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
        this.environment = environment;
    }

    /**
     * Applies a document sent over the API to the program {@code programId}. It may read only the
     * {@code ${NAME}}s listed in {@code LAUREL_PROGRAM_API_VARIABLES}; secrets it leaves out keep
     * their current values.
     */
    public AppliedProgram applyFromApi(String programId, String text, ProgramDocuments.Format format, String keyName) {
        String source = "API";
        ObjectNode document = ProgramDocuments.read(source, text, format);
        JsonNode id = document.get("id");
        if (id == null || id.isNull()) {
            document.put("id", programId);
        } else if (!id.isString() || !id.stringValue().equals(programId)) {
            throw new InvalidProgram(source, List.of(new FieldError("id", "must be '" + programId + "', the program in the path")));
        }
        Set<String> allowed = Set.copyOf(settings.programs().apiVariables());
        ProgramDocuments.Variables variables = ProgramDocuments.variables(environment::getProperty, allowed);
        ObjectNode previous = store.find(programId).map(StoredProgram::document).orElse(null);
        Parsed parsed = ProgramDocuments.parse(source, document, variables, previous);
        refuseDevelopmentKeys(source, document, variables);
        return apply(parsed, Source.API, keyName);
    }

    /**
     * In production, a document whose keys are the public {@link DevelopmentKeys} is refused,
     * whether they are written in it or come from the environment.
     */
    public void refuseDevelopmentKeys(String source, ObjectNode document, ProgramDocuments.Variables variables) {
        if (!settings.production()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        for (String name : ProgramDocuments.variableNames(document)) {
            if (variables.allowed(name)) {
                variables.value(name).filter(DevelopmentKeys::isDevelopmentValue).ifPresent(v -> errors.add(new FieldError(
                        "${" + name + "}", "is a development key, refused when LAUREL_PROFILE=production: set a secret of your own")));
            }
        }
        JsonNode keys = document.get("apiKeys");
        if (keys != null && keys.isArray()) {
            for (int i = 0; i < keys.size(); i++) {
                JsonNode secret = keys.get(i).get("secret");
                if (secret != null && secret.isString() && DevelopmentKeys.isDevelopmentValue(secret.stringValue())) {
                    errors.add(new FieldError("apiKeys[" + i + "].secret",
                            "is a development key, refused when LAUREL_PROFILE=production: set a secret of your own"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidProgram(source, errors);
        }
    }

    /**
     * Applies a parsed document as the program's next revision, unless it is the same as the one in
     * force (then nothing changes). Keys are replaced by the document's.
     */
    public AppliedProgram apply(Parsed parsed, Source source, String sourceName) {
        Program program = parsed.program();
        return tx.execute(status -> {
            Instant now = clock.instant();
            StoredProgram current = store.lockOrCreate(program.id(), program.name(), now);
            if (current.revision() > 0 && current.fingerprint().equals(parsed.fingerprint())) {
                return new AppliedProgram(program.id(), current.revision(), false, current.updatedAt());
            }
            List<FieldError> clashes = new ArrayList<>();
            List<String> taken = store.keysUsedElsewhere(program.id(),
                    program.apiKeys().stream().map(Program.ApiKeySpec::secretSha256).toList());
            for (int i = 0; i < program.apiKeys().size(); i++) {
                if (taken.contains(program.apiKeys().get(i).secretSha256())) {
                    clashes.add(new FieldError("apiKeys[" + i + "].secret", "is already in use by another program: choose another key"));
                }
            }
            if (!clashes.isEmpty()) {
                throw new InvalidProgram(sourceName, clashes);
            }
            int revision = current.revision() + 1;
            store.update(program.id(), program.name(), revision, parsed.stored(), parsed.fingerprint(), now);
            store.addRevision(program.id(), revision, parsed.stored(), parsed.fingerprint(), source.name(), sourceName, now);
            store.replaceKeys(program.id(), program.apiKeys());
            cache.remove(program.id());
            return new AppliedProgram(program.id(), revision, true, now);
        });
    }

    /** The program in force, or {@link ProgramNotFound}. */
    public Program get(String programId) {
        return find(programId).orElseThrow(() -> new ProgramNotFound(programId));
    }

    public Optional<Program> find(String programId) {
        Cached cached = cache.get(programId);
        long now = System.nanoTime();
        if (cached != null && now - cached.checkedAtNanos() < REVISION_CHECK_NANOS) {
            return Optional.of(cached.program());
        }
        Optional<Integer> revision = store.revision(programId);
        if (revision.isEmpty()) {
            return Optional.empty();
        }
        if (cached != null && cached.revision() == revision.get()) {
            cache.put(programId, new Cached(cached.revision(), cached.program(), now));
            return Optional.of(cached.program());
        }
        return store.find(programId).map(stored -> {
            Program program = ProgramDocuments.fromStored(stored.document());
            cache.put(programId, new Cached(stored.revision(), program, now));
            return program;
        });
    }

    /** The stored form of the revision in force (with key hashes; never answer it as is: see {@link ProgramDocuments#redacted}). */
    public Optional<StoredDocument> storedDocument(String programId) {
        return store.find(programId).map(s -> new StoredDocument(s.revision(), s.document(), s.updatedAt()));
    }

    public record StoredDocument(int revision, ObjectNode document, Instant appliedAt) {}

    public List<ProgramRevision> revisions(String programId, int limit) {
        return store.revisions(programId, limit);
    }

    /**
     * The ids of the programs whose document in force has the top-level {@code section} (such as {@code cashOut}), in
     * id order, at most {@code limit}: for a sweep that only some programs need.
     */
    public List<String> idsWithSection(String section, int limit) {
        return store.idsWithSection(section, limit);
    }

    /** The program and scopes of an API key, if it is one. */
    public Optional<Caller> authenticate(String key) {
        if (key == null || key.isEmpty() || key.length() > ProgramDocuments.KEY_SECRET_LENGTH_MAX) {
            return Optional.empty();
        }
        return store.findKey(ProgramDocuments.sha256(key));
    }
}
