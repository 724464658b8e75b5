package dev.laurel.imports;

import dev.laurel.imports.MemberImport.Message;
import dev.laurel.imports.internal.Csv;
import dev.laurel.imports.internal.ImportStore;
import dev.laurel.imports.internal.ImportStore.Opening;
import dev.laurel.imports.internal.ImportStore.Progress;
import dev.laurel.imports.internal.ImportStore.Staged;
import dev.laurel.imports.internal.LineReader;
import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.Posting;
import dev.laurel.members.ImportedMembers;
import dev.laurel.members.MemberDraft;
import dev.laurel.members.Members;
import dev.laurel.platform.DatabaseFailures;
import dev.laurel.platform.FieldError;
import dev.laurel.platform.JsonFields;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Validation;
import dev.laurel.programs.DefinitionPolicies;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.Purpose;
import dev.laurel.programs.Programs;
import dev.laurel.tiers.Tiers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bulk import of members with opening balances (and an optional tier), for a retailer moving onto Laurel.
 *
 * <p>The contract: a file is received whole (spooled to a temporary file, never held in memory) and every line is
 * validated; one bad line refuses the whole file (400, every bad line listed by number, up to
 * {@link #ERRORS_LISTED_MAX} errors) and nothing is imported. A good file is staged and answered at once with the
 * import's id; the {@code member-import} sweep applies it {@link #CHUNK_LINES} lines per transaction, resumable: a
 * chunk cut off is applied again whole by the next run.
 *
 * <p>A member's natural key is {@code externalId}: a line whose externalId a member of the program has already is
 * left as it is (counted as existing, its profile and tier not changed). An opening balance is posted once per member
 * and definition, ever (one {@code Import} entry with reference {@code opening-balance:<externalId>}), so importing a
 * file again changes nothing.
 */
@Service
public class MemberImports {

    /** The most bytes a file may have: 512 MiB (the API's usual body bound is 8 MiB; imports get this one). */
    public static final long BYTES_MAX = 512L * 1024 * 1024;
    /** The most members (lines, not counting a CSV header or blank lines) a file may have. */
    public static final int LINES_MAX = 2_000_000;
    public static final int LINE_CHARS_MAX = 32_768;
    public static final int ERRORS_LISTED_MAX = 1000;
    public static final int MESSAGES_LISTED_MAX = 1000;
    /** Lines staged per statement while a file is received. */
    public static final int STAGE_BATCH_LINES = 1000;
    /** Lines applied per transaction by the sweep (the ledger's postings bound). */
    public static final int CHUNK_LINES = Ledger.POSTINGS_MAX;
    public static final int TIER_CHARS_MAX = 100;
    public static final String SOURCE = "Import";
    public static final String REFERENCE_PREFIX = "opening-balance:";

    static final String[] MEMBER_FIELDS = {"externalId", "email", "mobileNumber", "firstName", "lastName", "gender", "dob",
            "address", "address2", "city", "zip", "state", "country", "optedIn", "attributes"};
    static final String[] FIELDS = {"externalId", "email", "mobileNumber", "firstName", "lastName", "gender", "dob",
            "address", "address2", "city", "zip", "state", "country", "optedIn", "attributes", "balance", "definitionId", "tier"};
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ImportStore store;
    private final Programs programs;
    private final Members members;
    private final Ledger ledger;
    private final Tiers tiers;
    private final TransactionTemplate tx;
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final JsonMapper json;

    MemberImports(ImportStore store, Programs programs, Members members, Ledger ledger, Tiers tiers, TransactionTemplate tx,
            Clock clock, JsonMapper json) {
        this.store = store;
        this.programs = programs;
        this.members = members;
        this.ledger = ledger;
        this.tiers = tiers;
        this.tx = tx;
        this.savepoint = new TransactionTemplate(tx.getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.json = json;
    }

    /**
     * Receives a file: spools {@code body} to a temporary file, validates every line and, when all are good, stages
     * them and queues the import. An {@link IOException} is the body's own (the client went away, or sent too much).
     */
    public MemberImport receive(String programId, ImportFormat format, InputStream body, String receivedBy) throws IOException {
        Program program = programs.get(programId);
        Path spool = Files.createTempFile("laurel-import-", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(spool)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                int n;
                while ((n = body.read(buffer)) >= 0) {
                    total += n;
                    if (total > BYTES_MAX) {
                        throw new ImportTooLarge("An import file has at most " + BYTES_MAX + " bytes (512 MiB); split it: "
                                + "importing is idempotent by externalId, so the parts may be sent in any order.");
                    }
                    out.write(buffer, 0, n);
                }
            }
            UUID id = UUID.randomUUID();
            tx.executeWithoutResult(status -> stage(program, id, format, spool, receivedBy));
            return status(programId, id);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private void stage(Program program, UUID id, ImportFormat format, Path spool, String receivedBy) {
        store.insert(program.id(), id, format.name(), receivedBy, clock.instant());
        List<FieldError> errors = new ArrayList<>();
        long badLines = 0;
        int members = 0;
        List<Staged> batch = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(spool), decoder), 64 * 1024)) {
            LineReader lines = new LineReader(reader, LINE_CHARS_MAX);
            List<String> header = null;
            String line;
            while ((line = lines.next()) != null) {
                int number = lines.number();
                if (line.isBlank()) {
                    continue;
                }
                Validation v = new Validation();
                JsonNode node = null;
                if (line == LineReader.TOO_LONG) {
                    v.add("line " + number, "is longer than " + LINE_CHARS_MAX + " characters");
                } else if (format == ImportFormat.CSV && header == null) {
                    header = header(line, number, v);
                    if (!v.ok()) {
                        throw new ImportRefused("The CSV header (line 1) is wrong; nothing was imported.", v.errors());
                    }
                    continue;
                } else {
                    node = format == ImportFormat.CSV ? csvLine(header, line, number, v) : jsonLine(line, number, v);
                }
                Staged staged = node == null ? null : check(program, node, number, v);
                if (!v.ok()) {
                    badLines++;
                    for (FieldError e : v.errors()) {
                        if (errors.size() < ERRORS_LISTED_MAX) {
                            errors.add(e);
                        }
                    }
                    continue;
                }
                if (++members > LINES_MAX) {
                    throw new ImportTooLarge("An import file has at most " + LINES_MAX + " members; split it: importing is "
                            + "idempotent by externalId, so the parts may be sent in any order.");
                }
                // Staged even after a bad line (all is rolled back then): the duplicates among the good ones are found in SQL.
                batch.add(staged);
                if (batch.size() == STAGE_BATCH_LINES) {
                    store.stage(program.id(), id, batch);
                    batch.clear();
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ImportRefused("The file is not UTF-8 text; nothing was imported.", List.of(new FieldError("(body)", "must be UTF-8")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        store.stage(program.id(), id, batch);
        long duplicates = store.countDuplicates(program.id(), id);
        if (duplicates > 0) {
            badLines += duplicates;
            for (int[] d : store.duplicates(program.id(), id, ERRORS_LISTED_MAX)) {
                errors.add(new FieldError("line " + d[0] + ".externalId", "line " + d[1] + " has the same externalId"));
            }
        }
        if (badLines > 0) {
            List<FieldError> listed = errors.stream().sorted(java.util.Comparator.comparingInt(MemberImports::lineOf))
                    .limit(ERRORS_LISTED_MAX).toList();
            throw new ImportRefused(badLines, listed);
        }
        if (members == 0) {
            throw new ImportRefused("The file has no members; nothing was imported.", List.of(new FieldError("(body)", "has no members")));
        }
        store.lineCount(program.id(), id, members);
    }

    /** The line number of an error's field, {@code line N} or {@code line N.field}. */
    private static int lineOf(FieldError e) {
        String rest = e.field().substring("line ".length());
        int dot = rest.indexOf('.');
        return Integer.parseInt(dot < 0 ? rest : rest.substring(0, dot));
    }

    private static List<String> header(String line, int number, Validation v) {
        List<String> columns;
        try {
            columns = Csv.values(line);
        } catch (IllegalArgumentException e) {
            v.add("line " + number, e.getMessage());
            return null;
        }
        Set<String> allowed = Set.of(FIELDS);
        List<String> seen = new ArrayList<>();
        for (String c : columns) {
            String name = c.trim();
            if (name.equals("attributes") || !allowed.contains(name)) {
                v.add("line " + number, "unknown column '" + name + "' (expected some of: " + String.join(", ", FIELDS).replace("attributes, ", "") + ")");
            } else if (seen.contains(name)) {
                v.add("line " + number, "column '" + name + "' is named twice");
            }
            seen.add(name);
        }
        if (!seen.contains("externalId")) {
            v.add("line " + number, "needs an externalId column");
        }
        return seen;
    }

    private ObjectNode csvLine(List<String> header, String line, int number, Validation v) {
        List<String> values;
        try {
            values = Csv.values(line);
        } catch (IllegalArgumentException e) {
            v.add("line " + number, e.getMessage());
            return null;
        }
        if (values.size() != header.size()) {
            v.add("line " + number, "has " + values.size() + " values; the header names " + header.size() + " columns");
            return null;
        }
        ObjectNode node = json.createObjectNode();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            String value = values.get(i);
            if (value.isEmpty()) {
                continue;
            }
            switch (name) {
                case "optedIn" -> {
                    if (value.equals("true") || value.equals("false")) {
                        node.put(name, Boolean.parseBoolean(value));
                    } else {
                        v.add("line " + number + "." + name, "must be true or false");
                    }
                }
                case "balance", "definitionId" -> {
                    try {
                        node.put(name, Long.parseLong(value));
                    } catch (NumberFormatException e) {
                        v.add("line " + number + "." + name, "must be an integer");
                    }
                }
                default -> node.put(name, value);
            }
        }
        return node;
    }

    private JsonNode jsonLine(String line, int number, Validation v) {
        try {
            JsonNode node = json.readTree(line);
            if (node == null || !node.isObject()) {
                v.add("line " + number, "must be a JSON object");
                return null;
            }
            return node;
        } catch (JacksonException e) {
            v.add("line " + number, "is not JSON: " + e.getOriginalMessage());
            return null;
        }
    }

    /** The line's member and opening balance if every rule holds; the errors (under {@code line N.}) otherwise. */
    private Staged check(Program program, JsonNode node, int number, Validation lineErrors) {
        Validation v = new Validation();
        JsonFields f = JsonFields.root(node, v, "(line)");
        f.allowOnly(FIELDS);
        MemberDraft draft = draft(f);
        Long balance = f.integer("balance", false, 0, Ledger.POINTS_MAX);
        Integer definitionId = f.smallInteger("definitionId", false, 1, Integer.MAX_VALUE);
        String tier = f.text("tier", false, TIER_CHARS_MAX);
        if (draft.externalId() == null && v.errors().stream().noneMatch(e -> e.field().equals("externalId"))) {
            v.add("externalId", "is required (it is the member's key: a second import of the line finds them by it)");
        }
        if (v.ok()) {
            members.problems(draft).forEach(e -> v.add(e.field(), e.message()));
        }
        if (definitionId != null && balance == null) {
            v.add("definitionId", "is given without a balance");
        }
        Integer definition = null;
        if (balance != null && balance > 0) {
            Optional<PointDefinition> d = definitionId == null
                    ? program.pointDefinitions().stream().filter(p -> p.master() && p.purpose() == Purpose.SPENDABLE).findFirst()
                    : program.definition(definitionId);
            if (d.isEmpty()) {
                v.add(definitionId == null ? "balance" : "definitionId", definitionId == null
                        ? "needs a definitionId: the program has no spendable point definition of its own"
                        : "is not a point definition of this program");
            } else if (!d.get().master()) {
                v.add("definitionId", "is a follower definition: its balance comes from the point master, not an import");
            } else {
                definition = d.get().id();
            }
        }
        if (tier != null) {
            if (program.tierSystem() == null) {
                v.add("tier", "is given, but the program has no tier system");
            } else if (program.tierSystem().levels().stream().noneMatch(l -> l.name().equals(tier))) {
                v.add("tier", "must be one of the program's levels: " + program.tierSystem().levels().stream()
                        .map(Program.TierLevel::name).toList());
            } else if (!draft.optedIn()) {
                v.add("tier", "is given only for a member who is opted in (optedIn: true)");
            }
        }
        v.errors().forEach(e -> lineErrors.add("line " + number + "." + e.field(), e.message()));
        if (!v.ok()) {
            return null;
        }
        Map<String, Object> member = new LinkedHashMap<>();
        for (String name : MEMBER_FIELDS) {
            if (f.has(name)) {
                member.put(name, node.get(name));
            }
        }
        boolean posts = definition != null;
        return new Staged(number, draft.externalId(), json.writeValueAsString(member), posts ? definition : null,
                posts ? balance : null, tier);
    }

    private MemberDraft draft(JsonFields f) {
        JsonFields attributes = f.object("attributes", false);
        return new MemberDraft(null, f.text("externalId", false, Members.EXTERNAL_ID_CHARS_MAX),
                f.text("email", false, Members.EMAIL_CHARS_MAX), f.text("mobileNumber", false, Members.MOBILE_NUMBER_CHARS_MAX),
                f.text("firstName", false, Members.TEXT_FIELD_CHARS_MAX), f.text("lastName", false, Members.TEXT_FIELD_CHARS_MAX),
                f.text("gender", false, Members.GENDER_CHARS_MAX), f.date("dob", false),
                f.text("address", false, Members.TEXT_FIELD_CHARS_MAX), f.text("address2", false, Members.TEXT_FIELD_CHARS_MAX),
                f.text("city", false, Members.TEXT_FIELD_CHARS_MAX), f.text("zip", false, Members.ZIP_CHARS_MAX),
                f.text("state", false, Members.STATE_CHARS_MAX), f.text("country", false, Members.COUNTRY_CHARS_MAX),
                Boolean.TRUE.equals(f.bool("optedIn", false)),
                attributes == null ? Map.of() : json.convertValue(attributes.node(), MAP), List.of());
    }

    public MemberImport status(String programId, UUID id) {
        return store.find(programId, id, MESSAGES_LISTED_MAX).orElseThrow(() -> new ImportNotFound(id.toString()));
    }

    /**
     * Applies the next chunk of the oldest import still to apply, in one transaction with its progress; answers the
     * lines applied (0 when there was nothing to do). Members are created with one statement, opening balances posted
     * with one ledger call; a posting the ledger refuses (a {@link Problem}: an existing member's balance would pass
     * the ledger's bound) is found by posting one by one and reported alone. Anything else is thrown and the chunk
     * stays due, whole.
     */
    public long applyNextChunk(Optional<String> programId) {
        Long done = tx.execute(status -> {
            Optional<Object[]> claimed = store.claimNext(programId);
            if (claimed.isEmpty()) {
                return 0L;
            }
            String p = (String) claimed.get()[0];
            UUID id = (UUID) claimed.get()[1];
            Program program = programs.get(p);
            Instant now = clock.instant();
            List<Staged> lines = store.next(p, id, CHUNK_LINES);
            List<Message> messages = new ArrayList<>();
            Progress progress = lines.isEmpty() ? new Progress(0, 0, 0, 0, 0, 0, 0) : apply(program, id, lines, messages, now);
            store.addMessages(p, id, messages);
            if (!lines.isEmpty()) {
                store.unstage(p, id, lines.get(lines.size() - 1).line());
            }
            boolean more = lines.size() == CHUNK_LINES && !store.next(p, id, 1).isEmpty();
            String next = more ? MemberImport.PROCESSING
                    : !messages.isEmpty() || store.hasMessages(p, id) ? MemberImport.COMPLETED_WITH_ERRORS : MemberImport.COMPLETED;
            store.progress(p, id, progress, next, now);
            return (long) Math.max(lines.size(), 1);
        });
        return done == null ? 0 : done;
    }

    private Progress apply(Program program, UUID importId, List<Staged> lines, List<Message> messages, Instant now) {
        List<MemberDraft> drafts = new ArrayList<>();
        for (Staged s : lines) {
            drafts.add(draft(JsonFields.root(json.readTree(s.memberJson()), new Validation(), "(line)")));
        }
        ImportedMembers imported = members.createMissing(program.id(), drafts);
        List<Opening> openings = new ArrayList<>();
        for (Staged s : lines) {
            if (s.balance() != null) {
                openings.add(new Opening(imported.byExternalId().get(s.externalId()), s.definitionId(), s.line(), s.balance()));
            }
        }
        Set<Integer> recorded = store.recordOpenings(program.id(), importId, openings, now);
        Map<Integer, Staged> byLine = new HashMap<>();
        lines.forEach(s -> byLine.put(s.line(), s));
        List<Posting> postings = new ArrayList<>();
        for (Opening o : openings) {
            if (recorded.contains(o.line())) {
                DefinitionPolicy policy = DefinitionPolicies.of(program, program.definition(o.definitionId()).orElseThrow());
                postings.add(Posting.of(o.memberId(), policy, o.points(), SOURCE, "Opening balance imported")
                        .withReference(REFERENCE_PREFIX + byLine.get(o.line()).externalId()));
            }
        }
        int posted = postings.size();
        long points = postings.stream().mapToLong(Posting::amount).sum();
        if (!postings.isEmpty()) {
            try {
                savepoint.executeWithoutResult(s -> ledger.postMany(program.id(), postings));
            } catch (RuntimeException e) {
                if (!itemFailure(e)) {
                    throw e;
                }
                posted = 0;
                points = 0;
                for (int i = 0; i < postings.size(); i++) {
                    Posting one = postings.get(i);
                    try {
                        savepoint.executeWithoutResult(s -> ledger.post(program.id(), List.of(one)));
                        posted++;
                        points += one.amount();
                    } catch (RuntimeException refused) {
                        if (!itemFailure(refused)) {
                            throw refused;
                        }
                        Opening o = openings.stream().filter(x -> x.memberId().equals(one.memberId())
                                && x.definitionId() == one.definition().definitionId()).findFirst().orElseThrow();
                        store.forgetOpening(program.id(), o.memberId(), o.definitionId());
                        messages.add(new Message(o.line(), "Line " + o.line() + ": the opening balance of " + o.points()
                                + " points was not posted: " + (refused instanceof Problem pr ? pr.detail() : refused.getMessage())));
                    }
                }
            }
        }
        int tiersSet = 0;
        for (Staged s : lines) {
            if (s.tier() != null && imported.created().contains(s.externalId())) {
                tiers.importLevel(program.id(), imported.byExternalId().get(s.externalId()), s.tier());
                tiersSet++;
            }
        }
        int created = (int) lines.stream().filter(s -> imported.created().contains(s.externalId())).count();
        return new Progress(lines.size(), created, lines.size() - created, posted, points, openings.size() - recorded.size(),
                tiersSet);
    }

    private static boolean itemFailure(RuntimeException e) {
        if (DatabaseFailures.isTransient(e)) {
            return false;
        }
        return e instanceof Problem || e instanceof ArithmeticException || e instanceof DataIntegrityViolationException;
    }
}
