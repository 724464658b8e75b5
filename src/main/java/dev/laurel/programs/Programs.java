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
import java.util.concurrent.atomic.AtomicLong;
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
    private final Map<String, CachedKey> keys = new ConcurrentHashMap<>();
    /**
     * Counts every forgetting (a change heard, listening begun or lost): a copy read from the database is kept only if
     * none happened while it was read, so a change committed during the read cannot leave a stale copy behind.
     */
    private final AtomicLong generation = new AtomicLong();
    /** Whether {@link ProgramChanges} hears every change now; if not, nothing is trusted from memory. */
    private volatile boolean listening;

    /** A parsed program, and when (System.nanoTime) its revision was last checked against the database. */
    private record Cached(int revision, Program program, long checkedAtNanos) {}

    /** What an API key's hash authenticates as, and when (System.nanoTime) that was read from the database. */
    private record CachedKey(Caller caller, long checkedAtNanos) {}

    /**
     * How long a node trusts its copy of a program or a key while it listens for changes (every change reaches it
     * within milliseconds through LISTEN/NOTIFY): past this it reads the database again anyway, so a change a node
     * somehow did not hear still reaches it. While it does not listen it trusts no copy.
     */
    static final long TRUSTED_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Keys kept in memory at most: more (someone trying keys does not get here: misses are not kept) clears them. */
    static final int KEYS_CACHED_MAX = 10_000;

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
        AppliedProgram applied = tx.execute(status -> {
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
            return new AppliedProgram(program.id(), revision, true, now);
        });
        // Committed: this node forgets at once (a caller's next request sees the change); others hear it (ProgramChanges).
        forget();
        return applied;
    }

    /** The program in force, or {@link ProgramNotFound}. */
    public Program get(String programId) {
        return find(programId).orElseThrow(() -> new ProgramNotFound(programId));
    }

    public Optional<Program> find(String programId) {
        Cached cached = cache.get(programId);
        long now = System.nanoTime();
        if (cached != null && listening && now - cached.checkedAtNanos() < TRUSTED_NANOS) {
            return Optional.of(cached.program());
        }
        long seen = generation.get();
        Optional<Integer> revision = store.revision(programId);
        if (revision.isEmpty()) {
            return Optional.empty();
        }
        if (cached != null && cached.revision() == revision.get()) {
            keep(seen, () -> cache.put(programId, new Cached(cached.revision(), cached.program(), now)));
            return Optional.of(cached.program());
        }
        return store.find(programId).map(stored -> {
            Program program = ProgramDocuments.fromStored(stored.document());
            keep(seen, () -> cache.put(programId, new Cached(stored.revision(), program, now)));
            return program;
        });
    }

    /** Keeps a copy read since {@code seen}, unless something was forgotten meanwhile (then the copy may be stale). */
    private void keep(long seen, Runnable put) {
        if (listening && generation.get() == seen) {
            put.run();
            if (generation.get() != seen) {
                forget();
            }
        }
    }

    /** A program or a key changed, on this node or another: every copy is dropped. */
    void forget() {
        generation.incrementAndGet();
        cache.clear();
        keys.clear();
    }

    /** {@link ProgramChanges} began (or stopped) hearing every change: what was kept before may have missed one. */
    void listening(boolean on) {
        listening = false;
        forget();
        listening = on;
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

    /**
     * The ids of the programs whose document in force matches the SQL/JSON path {@code jsonPath} (such as
     * {@code $.pointDefinitions[*].expiry.inactivityMonths}), in id order, at most {@code limit}: for a sweep that only
     * some programs need.
     */
    public List<String> idsMatching(String jsonPath, int limit) {
        return store.idsMatching(jsonPath, limit);
    }

    /** The program and scopes of an API key, if it is one. */
    public Optional<Caller> authenticate(String key) {
        if (key == null || key.isEmpty() || key.length() > ProgramDocuments.KEY_SECRET_LENGTH_MAX) {
            return Optional.empty();
        }
        String hash = ProgramDocuments.sha256(key);
        CachedKey cached = keys.get(hash);
        long now = System.nanoTime();
        if (cached != null && listening && now - cached.checkedAtNanos() < TRUSTED_NANOS) {
            return Optional.of(cached.caller());
        }
        long seen = generation.get();
        Optional<Caller> caller = store.findKey(hash);
        caller.ifPresent(c -> keep(seen, () -> {
            if (keys.size() >= KEYS_CACHED_MAX) {
                keys.clear();
            }
            keys.put(hash, new CachedKey(c, now));
        }));
        return caller;
    }
}
