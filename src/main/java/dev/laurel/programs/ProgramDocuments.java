package dev.laurel.programs;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.JsonFields;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Program.AdjustmentsWebhook;
import dev.laurel.programs.Program.ApiKeySpec;
import dev.laurel.programs.Program.AvailablePoints;
import dev.laurel.programs.Program.Campaign;
import dev.laurel.programs.Program.Earning;
import dev.laurel.programs.Program.Eligibility;
import dev.laurel.programs.Program.Enrollment;
import dev.laurel.programs.Program.Escrow;
import dev.laurel.programs.Program.Expiry;
import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.Goal;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.PointMaster;
import dev.laurel.programs.Program.Purpose;
import dev.laurel.programs.Program.Reward;
import dev.laurel.programs.Program.SessionM;
import dev.laurel.programs.Program.TierExpiry;
import dev.laurel.programs.Program.TierLevel;
import dev.laurel.programs.Program.TierSystem;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Program documents: reading YAML or JSON, resolving {@code ${NAME}} from the environment,
 * validating every field, and the stored form (key secrets replaced by their SHA-256).
 */
public final class ProgramDocuments {

    public static final int API_KEYS_MAX = 50;
    public static final int POINT_DEFINITIONS_MAX = 100;
    public static final int TIER_LEVELS_MAX = 20;
    public static final int PARTNERS_MAX = 100;
    public static final int CAMPAIGNS_MAX = 200;
    public static final int TIMELINE_VIEWS_MAX = 50;
    public static final int OPERATORS_MAX = 200;
    public static final int OPERATOR_PASSWORD_LENGTH_MIN = 12;
    public static final int KEY_SECRET_LENGTH_MIN = 16;
    public static final int KEY_SECRET_LENGTH_MAX = 512;
    public static final int ENCRYPTION_KEY_LENGTH = 32;
    public static final int DOCUMENT_CHARS_MAX = 1_048_576;

    private static final Pattern PROGRAM_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern NAME_TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern PARTNER = Pattern.compile("[A-Za-z0-9 _.-]{1,64}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private ProgramDocuments() {}

    public enum Format {
        YAML, JSON;

        /** The format a file's name says it is in, if Laurel reads that kind of file. */
        public static Optional<Format> ofFileName(String fileName) {
            String lower = fileName.toLowerCase(java.util.Locale.ROOT);
            if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
                return Optional.of(YAML);
            }
            return lower.endsWith(".json") ? Optional.of(JSON) : Optional.empty();
        }
    }

    /**
     * Where {@code ${NAME}} values come from: {@code value} is empty when the variable is not set;
     * {@code allowed} is false for a name this document may not read (documents sent over the API
     * may read only the names an operator listed).
     */
    public interface Variables {
        Optional<String> value(String name);

        boolean allowed(String name);

        Variables NONE = new Variables() {
            @Override
            public Optional<String> value(String name) {
                return Optional.empty();
            }

            @Override
            public boolean allowed(String name) {
                return false;
            }
        };
    }

    /** A validated program with its stored form and that form's fingerprint. */
    public record Parsed(Program program, ObjectNode stored, String fingerprint) {}

    /** Reads a document's text; a syntax error is reported with its line and column. */
    public static ObjectNode read(String source, String text, Format format) {
        if (text.length() > DOCUMENT_CHARS_MAX) {
            throw new InvalidProgram(source, List.of(new FieldError("(document)",
                    "is larger than " + DOCUMENT_CHARS_MAX + " characters")));
        }
        JsonNode tree;
        try {
            tree = (format == Format.YAML ? YAML : JSON).readTree(text);
        } catch (JacksonException e) {
            throw new InvalidProgram(source, List.of(new FieldError("(document)",
                    "is not valid " + format + ": " + e.getOriginalMessage() + location(e))));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidProgram(source, List.of(new FieldError("(document)", "must be a mapping of fields (id, name, ...)")));
        }
        return (ObjectNode) tree;
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /**
     * Resolves variables, validates, and returns the program with its stored form. Secrets the
     * document leaves out (an API key's {@code secret}, the webhook's keys) are taken from
     * {@code previous}, the stored form of the revision being replaced, when it has them, so a
     * document read back with GET can be sent again with PUT.
     */
    public static Parsed parse(String source, ObjectNode document, Variables variables, ObjectNode previous) {
        Validation validation = new Validation();
        ObjectNode resolved = (ObjectNode) resolve(document, "", variables, validation);
        if (previous != null) {
            carrySecrets(resolved, previous);
        }
        hashKeySecrets(resolved);
        hashOperatorPasswords(resolved);
        Program program = new Reader(validation).program(resolved);
        if (!validation.ok()) {
            throw new InvalidProgram(source, validation.errors());
        }
        return new Parsed(program, resolved, fingerprint(resolved));
    }

    /** Parses a stored form back into its program; stored forms were validated when applied. */
    public static Program fromStored(ObjectNode stored) {
        Validation validation = new Validation();
        Program program = new Reader(validation).program(stored);
        if (!validation.ok()) {
            throw new IllegalStateException("a stored program document no longer validates: " + validation.errors());
        }
        return program;
    }

    /** The stored form without anything secret: what {@code GET /v1/programs/{id}} answers. */
    public static ObjectNode redacted(ObjectNode stored) {
        ObjectNode copy = stored.deepCopy();
        if (copy.get("apiKeys") instanceof ArrayNode keys) {
            for (JsonNode key : keys) {
                if (key instanceof ObjectNode k) {
                    k.remove("secret");
                    k.remove("secretSha256");
                }
            }
        }
        if (copy.get("pointMaster") instanceof ObjectNode master && master.get("adjustmentsWebhook") instanceof ObjectNode hook) {
            hook.remove("encryptionKey");
            hook.remove("signingSecret");
        }
        if (copy.get("operators") instanceof ArrayNode operators) {
            for (JsonNode operator : operators) {
                if (operator instanceof ObjectNode o) {
                    o.remove("password");
                    o.remove("passwordBcrypt");
                }
            }
        }
        return copy;
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static final int CHANGES_LISTED_MAX = 20;

    /** The paths whose values differ between two stored forms (at most {@link #CHANGES_LISTED_MAX}, then a count). */
    public static List<String> changes(JsonNode before, JsonNode after) {
        List<String> paths = new ArrayList<>();
        diff(before, after, "", paths);
        if (paths.size() > CHANGES_LISTED_MAX) {
            int more = paths.size() - CHANGES_LISTED_MAX;
            paths = new ArrayList<>(paths.subList(0, CHANGES_LISTED_MAX));
            paths.add("and " + more + " more");
        }
        return paths;
    }

    private static void diff(JsonNode a, JsonNode b, String path, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>(a.propertyNames());
            names.addAll(b.propertyNames());
            for (String name : names) {
                diff(a.get(name), b.get(name), path.isEmpty() ? name : path + "." + name, out);
            }
        } else if (a != null && b != null && a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                diff(i < a.size() ? a.get(i) : null, i < b.size() ? b.get(i) : null, path + "[" + i + "]", out);
            }
        } else if (!java.util.Objects.equals(a, b)) {
            out.add(path);
        }
    }

    /** The names of the {@code ${NAME}} variables a document refers to, in order of appearance. */
    public static List<String> variableNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        collectVariables(node, names);
        return names;
    }

    private static void collectVariables(JsonNode node, List<String> names) {
        if (node.isString()) {
            Matcher m = VARIABLE.matcher(node.stringValue());
            while (m.find()) {
                if (!names.contains(m.group(1))) {
                    names.add(m.group(1));
                }
            }
        } else if (node.isContainer()) {
            node.values().forEach(child -> collectVariables(child, names));
        }
    }

    private static JsonNode resolve(JsonNode node, String path, Variables variables, Validation validation) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(),
                    resolve(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), variables, validation)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(resolve(node.get(i), path + "[" + i + "]", variables, validation));
            }
            return copy;
        }
        if (node.isString() && node.stringValue().contains("${")) {
            String malformed = malformedPlaceholder(node.stringValue());
            if (malformed != null) {
                // Taken literally, a typo such as ${ACME-KEY} would become the value (even a key's secret).
                validation.add(path, "has " + malformed + ", which is not a valid ${NAME} placeholder"
                        + " (NAME is letters, digits and '_', not starting with a digit)");
                return node;
            }
            Matcher m = VARIABLE.matcher(node.stringValue());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String value = "";
                if (!variables.allowed(name)) {
                    validation.add(path, "may not read the environment variable " + name
                            + " (a document sent over the API may read only those listed in LAUREL_PROGRAM_API_VARIABLES)");
                } else {
                    Optional<String> found = variables.value(name);
                    if (found.isEmpty()) {
                        validation.add(path, "the environment variable " + name + " is not set");
                    } else {
                        value = found.get();
                    }
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return StringNode.valueOf(out.toString());
        }
        return node;
    }

    /** The first {@code ${...}} in {@code text} that is not a placeholder Laurel resolves, or {@code null}. */
    private static String malformedPlaceholder(String text) {
        String rest = VARIABLE.matcher(text).replaceAll("");
        int start = rest.indexOf("${");
        if (start < 0) {
            return null;
        }
        int end = rest.indexOf('}', start);
        String fragment = end < 0 ? rest.substring(start) : rest.substring(start, end + 1);
        return "'" + (fragment.length() > 70 ? fragment.substring(0, 70) + "..." : fragment) + "'";
    }

    private static String stringOrNull(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }

    private static void carrySecrets(ObjectNode document, ObjectNode previous) {
        Map<String, JsonNode> previousKeys = new HashMap<>();
        if (previous.get("apiKeys") instanceof ArrayNode keys) {
            keys.forEach(k -> {
                if (stringOrNull(k.get("name")) != null && k.hasNonNull("secretSha256")) {
                    previousKeys.put(k.get("name").stringValue(), k.get("secretSha256"));
                }
            });
        }
        if (document.get("apiKeys") instanceof ArrayNode keys) {
            for (JsonNode key : keys) {
                String name = stringOrNull(key.get("name"));
                if (key instanceof ObjectNode k && !k.hasNonNull("secret") && !k.hasNonNull("secretSha256")
                        && name != null && previousKeys.containsKey(name)) {
                    k.set("secretSha256", previousKeys.get(name));
                }
            }
        }
        if (document.get("operators") instanceof ArrayNode operators && previous.get("operators") instanceof ArrayNode oldOperators) {
            for (JsonNode operator : operators) {
                if (operator instanceof ObjectNode o && !o.has("password") && !o.has("passwordBcrypt") && o.get("username") != null) {
                    for (JsonNode old : oldOperators) {
                        if (old.get("username") != null && old.get("username").equals(o.get("username")) && old.hasNonNull("passwordBcrypt")) {
                            o.set("passwordBcrypt", old.get("passwordBcrypt"));
                        }
                    }
                }
            }
        }
        if (document.get("pointMaster") instanceof ObjectNode master && master.get("adjustmentsWebhook") instanceof ObjectNode hook
                && previous.get("pointMaster") instanceof ObjectNode oldMaster
                && oldMaster.get("adjustmentsWebhook") instanceof ObjectNode oldHook) {
            for (String secret : List.of("encryptionKey", "signingSecret")) {
                if (!hook.hasNonNull(secret) && oldHook.hasNonNull(secret)) {
                    hook.set(secret, oldHook.get(secret));
                }
            }
        }
    }

    private static void hashKeySecrets(ObjectNode document) {
        if (document.get("apiKeys") instanceof ArrayNode keys) {
            for (JsonNode key : keys) {
                if (key instanceof ObjectNode k && k.get("secret") != null && k.get("secret").isString()
                        && !k.hasNonNull("secretSha256") && secretLengthOk(k.get("secret").stringValue())) {
                    String secret = k.get("secret").stringValue();
                    k.remove("secret");
                    k.put("secretSha256", sha256(secret));
                }
            }
        }
    }

    /**
     * Operator passwords are stored as bcrypt hashes. The salt is derived from the program and the
     * username (unique per account, as a salt must be) so the same document hashes the same way and
     * applying it again changes nothing.
     */
    private static void hashOperatorPasswords(ObjectNode document) {
        if (!(document.get("operators") instanceof ArrayNode operators)) {
            return;
        }
        String programId = document.hasNonNull("id") ? document.get("id").asString() : "";
        for (JsonNode operator : operators) {
            if (operator instanceof ObjectNode o && o.get("password") != null && o.get("password").isString()
                    && o.get("password").stringValue().length() >= OPERATOR_PASSWORD_LENGTH_MIN && !o.has("passwordBcrypt")
                    && o.get("username") != null && o.get("username").isString()) {
                String password = o.get("password").stringValue();
                o.remove("password");
                o.put("passwordBcrypt", bcrypt(password, programId + ":" + o.get("username").stringValue()));
            }
        }
    }

    static String bcrypt(String password, String saltSource) {
        try {
            java.security.SecureRandom seeded = java.security.SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(sha256(saltSource).getBytes(StandardCharsets.UTF_8));
            return org.springframework.security.crypto.bcrypt.BCrypt.hashpw(password,
                    org.springframework.security.crypto.bcrypt.BCrypt.gensalt(10, seeded));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1PRNG is part of every JDK", e);
        }
    }

    private static boolean secretLengthOk(String secret) {
        return secret.length() >= KEY_SECRET_LENGTH_MIN && secret.length() <= KEY_SECRET_LENGTH_MAX;
    }

    private static String fingerprint(ObjectNode stored) {
        return sha256(JSON.writeValueAsString(canonical(stored)));
    }

    /** The same tree with object fields sorted, so field order does not count as a change. */
    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            new TreeMap<>(Map.ofEntries(node.properties().toArray(Map.Entry[]::new)))
                    .forEach((k, v) -> sorted.set((String) k, canonical((JsonNode) v)));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.values().forEach(v -> copy.add(canonical(v)));
            return copy;
        }
        return node;
    }

    /** Reads a resolved document into a {@link Program}, recording every problem. */
    private static final class Reader {
        private final Validation v;

        Reader(Validation validation) {
            this.v = validation;
        }

        Program program(ObjectNode document) {
            JsonFields f = JsonFields.root(document, v, "(document)");
            f.allowOnly("id", "name", "timezone", "apiKeys", "sessionm", "availablePoints", "earning",
                    "pointDefinitions", "tierSystem", "partners", "partnerPointDefinition", "campaigns", "pointMaster", "timelineViews", "operators");
            String id = f.text("id", true, 63, PROGRAM_ID, "lower-case letters, digits and '-', starting with a letter or digit");
            String name = f.text("name", true, 200);
            ZoneId zone = zone(f);
            List<ApiKeySpec> keys = apiKeys(f);
            SessionM sessionm = sessionm(f.object("sessionm", false));
            AvailablePoints available = Optional.ofNullable(f.enumValue("availablePoints", false, AvailablePoints.class))
                    .orElse(AvailablePoints.SPENDABLE);
            Earning earning = earning(f.object("earning", false));
            List<PointDefinition> definitions = definitions(f);
            TierSystem tiers = tierSystem(f.object("tierSystem", false), definitions);
            List<String> partners = f.texts("partners", false, PARTNERS_MAX, 64);
            for (int i = 0; i < partners.size(); i++) {
                if (!PARTNER.matcher(partners.get(i)).matches()) {
                    v.add(f.field("partners") + "[" + i + "]", "must be letters, digits, spaces, '_', '.' or '-'");
                }
            }
            Integer partnerDefinition = partnerDefinition(f, definitions, partners);
            List<Campaign> campaigns = campaigns(f, definitions, tiers);
            PointMaster master = pointMaster(f.object("pointMaster", false));
            List<Program.TimelineView> views = timelineViews(f);
            List<Program.Operator> operators = operators(f);
            if (!v.ok()) {
                return null;
            }
            return new Program(id, name, zone, keys, sessionm, available, earning, definitions, tiers, partners, partnerDefinition,
                    campaigns, master, views, operators);
        }

        private ZoneId zone(JsonFields f) {
            String text = f.text("timezone", false, 64);
            if (text == null) {
                return ZoneId.of("UTC");
            }
            try {
                return ZoneId.of(text);
            } catch (DateTimeException e) {
                v.add(f.field("timezone"), "must be a time zone such as America/New_York (was '" + text + "')");
                return null;
            }
        }

        private List<ApiKeySpec> apiKeys(JsonFields f) {
            List<ApiKeySpec> keys = new ArrayList<>();
            Set<String> names = new HashSet<>();
            Set<String> hashes = new HashSet<>();
            for (JsonFields k : f.objects("apiKeys", true, API_KEYS_MAX)) {
                k.allowOnly("name", "secret", "secretSha256", "scopes");
                String name = k.text("name", true, 64, NAME_TOKEN, "letters, digits, '_', '.' or '-'");
                if (name != null && !names.add(name)) {
                    v.add(k.field("name"), "'" + name + "' is used by another key of this program");
                }
                String hash = null;
                if (k.has("secret") && k.has("secretSha256")) {
                    v.add(k.field("secret"), "give secret or secretSha256, not both");
                } else if (k.has("secret")) {
                    // Still here only when it could not be hashed: say why.
                    String secret = k.text("secret", true, KEY_SECRET_LENGTH_MAX);
                    if (secret != null) {
                        v.add(k.field("secret"), "must be at least " + KEY_SECRET_LENGTH_MIN + " characters");
                    }
                } else if (k.has("secretSha256")) {
                    hash = k.text("secretSha256", true, 64, SHA256_HEX, "the lower-case hex SHA-256 of the key");
                } else {
                    v.add(k.field("secret"), "is required");
                }
                if (hash != null && !hashes.add(hash)) {
                    v.add(k.field("secret"), "is the same as another key's of this program");
                }
                List<String> scopeNames = k.texts("scopes", true, 2, 20);
                Set<Scope> scopes = EnumSet.noneOf(Scope.class);
                for (int i = 0; i < scopeNames.size(); i++) {
                    Optional<Scope> scope = Scope.fromWire(scopeNames.get(i));
                    if (scope.isEmpty()) {
                        v.add(k.field("scopes") + "[" + i + "]", "must be admin or partner (was '" + scopeNames.get(i) + "')");
                    } else {
                        scopes.add(scope.get());
                    }
                }
                if (k.has("scopes") && scopeNames.isEmpty() && k.node().get("scopes").isArray() && k.node().get("scopes").isEmpty()) {
                    v.add(k.field("scopes"), "must name at least one scope");
                }
                keys.add(new ApiKeySpec(name, hash, scopes));
            }
            if (f.has("apiKeys") && keys.stream().noneMatch(k -> k.scopes().contains(Scope.ADMIN))) {
                v.add(f.field("apiKeys"), "must include at least one key with the admin scope");
            }
            return keys;
        }

        private SessionM sessionm(JsonFields f) {
            if (f == null) {
                return null;
            }
            f.allowOnly("appKey", "retailerId");
            String appKey = f.text("appKey", true, 128, NAME_TOKEN, "letters, digits, '_', '.' or '-'");
            return new SessionM(appKey, f.uuid("retailerId", false));
        }

        private Earning earning(JsonFields f) {
            if (f == null) {
                return null;
            }
            f.allowOnly("pointsPerCurrencyUnit");
            return new Earning(f.decimal("pointsPerCurrencyUnit", true, BigDecimal.ZERO, BigDecimal.valueOf(1_000_000)));
        }

        private List<PointDefinition> definitions(JsonFields f) {
            List<PointDefinition> definitions = new ArrayList<>();
            Set<Integer> ids = new HashSet<>();
            for (JsonFields d : f.objects("pointDefinitions", false, POINT_DEFINITIONS_MAX)) {
                d.allowOnly("id", "name", "groupingLabel", "purpose", "escrow", "expiry", "follower", "allowNegative");
                Integer id = d.smallInteger("id", true, 1, Integer.MAX_VALUE);
                if (id != null && !ids.add(id)) {
                    v.add(d.field("id"), id + " is used by another point definition");
                }
                String name = d.text("name", true, 200);
                String label = d.text("groupingLabel", false, 100);
                Purpose purpose = d.enumValue("purpose", true, Purpose.class);
                FollowerMode follower = d.enumValue("follower", false, FollowerMode.class);
                Escrow escrow = null;
                JsonFields e = d.object("escrow", false);
                if (e != null) {
                    e.allowOnly("days", "accountName");
                    Integer days = e.smallInteger("days", true, 1, 3650);
                    escrow = new Escrow(days == null ? 0 : days, e.text("accountName", false, 200));
                    if (follower != null) {
                        v.add(d.field("escrow"), "is not allowed on a follower definition: its point master sends validFrom");
                    }
                }
                Expiry expiry = null;
                JsonFields x = d.object("expiry", false);
                if (x != null) {
                    x.allowOnly("monthsAfterEarn");
                    Integer months = x.smallInteger("monthsAfterEarn", true, 1, 1200);
                    expiry = new Expiry(months == null ? 0 : months);
                    if (follower == FollowerMode.BALANCE) {
                        v.add(d.field("expiry"), "is not allowed on a BALANCE follower definition: its point master sends the balance");
                    }
                }
                boolean allowNegative = Boolean.TRUE.equals(d.bool("allowNegative", false));
                definitions.add(new PointDefinition(id == null ? 0 : id, name, label, purpose, escrow, expiry, follower, allowNegative));
            }
            return definitions;
        }

        private TierSystem tierSystem(JsonFields f, List<PointDefinition> definitions) {
            if (f == null) {
                return null;
            }
            f.allowOnly("name", "qualifyingPointDefinition", "levels");
            String name = f.text("name", true, 200);
            Integer qualifying = f.smallInteger("qualifyingPointDefinition", true, 1, Integer.MAX_VALUE);
            if (qualifying != null) {
                Optional<PointDefinition> d = definitions.stream().filter(x -> x.id() == qualifying).findFirst();
                if (d.isEmpty()) {
                    v.add(f.field("qualifyingPointDefinition"), "names no point definition of this program (was " + qualifying + ")");
                } else if (d.get().follower() == FollowerMode.BALANCE) {
                    v.add(f.field("qualifyingPointDefinition"),
                            "may not be a BALANCE follower definition: a balance-only sync carries no history to qualify on");
                } else if (d.get().purpose() != Purpose.TIER_QUALIFYING) {
                    v.add(f.field("qualifyingPointDefinition"), "must be a TIER_QUALIFYING point definition");
                }
            }
            List<TierLevel> levels = new ArrayList<>();
            Set<String> names = new HashSet<>();
            Set<Integer> ranks = new HashSet<>();
            List<JsonFields> items = f.objects("levels", true, TIER_LEVELS_MAX);
            for (JsonFields l : items) {
                l.allowOnly("name", "rank", "threshold", "expires");
                String levelName = l.text("name", true, 100);
                if (levelName != null && !names.add(levelName)) {
                    v.add(l.field("name"), "'" + levelName + "' is used by another level");
                }
                Integer rank = l.smallInteger("rank", true, 0, 1000);
                if (rank != null && !ranks.add(rank)) {
                    v.add(l.field("rank"), rank + " is used by another level");
                }
                Long threshold = l.integer("threshold", false, 0, Long.MAX_VALUE);
                TierExpiry expires = l.enumValue("expires", false, TierExpiry.class);
                if (rank != null && rank == 0) {
                    if (l.has("threshold")) {
                        v.add(l.field("threshold"), "is not allowed on rank 0, the level of members who are not opted in");
                    }
                    if (l.has("expires")) {
                        v.add(l.field("expires"), "is not allowed on rank 0, the level of members who are not opted in");
                    }
                } else if (rank != null && !l.has("threshold")) {
                    v.add(l.field("threshold"), "is required on every level above rank 0");
                }
                levels.add(new TierLevel(levelName, rank == null ? -1 : rank, threshold,
                        expires == null ? TierExpiry.NEVER : expires));
            }
            List<TierLevel> ranked = levels.stream().filter(l -> l.threshold() != null)
                    .sorted(java.util.Comparator.comparingInt(TierLevel::rank)).toList();
            boolean levelsListed = f.node().get("levels") instanceof ArrayNode list && list.size() <= TIER_LEVELS_MAX;
            if (levelsListed && ranked.stream().noneMatch(l -> l.threshold() == 0)) {
                v.add(f.field("levels"), "must have a level with threshold 0, where opted-in members start");
            }
            for (int i = 1; i < ranked.size(); i++) {
                if (ranked.get(i).threshold() <= ranked.get(i - 1).threshold()) {
                    v.add(f.field("levels"), "thresholds must rise with rank: " + ranked.get(i).name()
                            + " (rank " + ranked.get(i).rank() + ") needs more than " + ranked.get(i - 1).name());
                }
            }
            return new TierSystem(name, qualifying == null ? 0 : qualifying, levels);
        }

        private List<Program.Operator> operators(JsonFields f) {
            List<Program.Operator> operators = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (JsonFields o : f.objects("operators", false, OPERATORS_MAX)) {
                o.allowOnly("username", "name", "password", "passwordBcrypt");
                String username = o.text("username", true, 64, NAME_TOKEN, "letters, digits, '_', '.' or '-'");
                if (username != null && !names.add(username)) {
                    v.add(o.field("username"), "'" + username + "' is used by another operator");
                }
                String hash = null;
                if (o.has("password")) {
                    String password = o.text("password", true, 200);
                    if (password != null) {
                        v.add(o.field("password"), "must be at least " + OPERATOR_PASSWORD_LENGTH_MIN + " characters");
                    }
                } else {
                    hash = o.text("passwordBcrypt", true, 100);
                    if (hash != null && !hash.startsWith("$2")) {
                        v.add(o.field("passwordBcrypt"), "must be a bcrypt hash ($2a$..., $2b$...)");
                    }
                }
                operators.add(new Program.Operator(username, o.text("name", false, 200), hash));
            }
            return operators;
        }

        private List<Program.TimelineView> timelineViews(JsonFields f) {
            List<Program.TimelineView> views = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (JsonFields t : f.objects("timelineViews", false, TIMELINE_VIEWS_MAX)) {
                t.allowOnly("name", "eventTypes", "fields", "window");
                String name = t.text("name", true, 63, PROGRAM_ID, "lower-case letters, digits and '-'");
                if (name != null && !names.add(name)) {
                    v.add(t.field("name"), "'" + name + "' is used by another view");
                }
                List<String> types = t.texts("eventTypes", false, 100, 100);
                for (int i = 0; i < types.size(); i++) {
                    if (!EVENT_TYPE.matcher(types.get(i)).matches()) {
                        v.add(t.field("eventTypes") + "[" + i + "]", "must be letters, digits, '_', '.', ':' or '-'");
                    }
                }
                List<String> fields = t.texts("fields", false, 100, 100);
                java.time.Duration window = null;
                String text = t.text("window", false, 40);
                if (text != null) {
                    try {
                        window = java.time.Duration.parse(text);
                        if (window.isNegative() || window.isZero()) {
                            throw new java.time.format.DateTimeParseException("not positive", text, 0);
                        }
                    } catch (java.time.format.DateTimeParseException e) {
                        v.add(t.field("window"), "must be a positive ISO-8601 duration such as P90D (was '" + text + "')");
                    }
                }
                views.add(new Program.TimelineView(name, types, fields, window));
            }
            return views;
        }

        /** Partner points go to a SPENDABLE definition Laurel masters: the one named, or the first. */
        private Integer partnerDefinition(JsonFields f, List<PointDefinition> definitions, List<String> partners) {
            Integer named = f.smallInteger("partnerPointDefinition", false, 1, Integer.MAX_VALUE);
            if (named != null) {
                Optional<PointDefinition> d = definitions.stream().filter(x -> x.id() == named).findFirst();
                if (d.isEmpty()) {
                    v.add(f.field("partnerPointDefinition"), "names no point definition of this program (was " + named + ")");
                } else if (!d.get().master() || d.get().purpose() != Purpose.SPENDABLE) {
                    v.add(f.field("partnerPointDefinition"), "must be a SPENDABLE definition Laurel masters, not a follower");
                }
            } else if (!partners.isEmpty() && definitions.stream().noneMatch(d -> d.purpose() == Purpose.SPENDABLE && d.master())) {
                v.add(f.field("partners"), "need a SPENDABLE point definition Laurel masters, where partner points go");
            }
            return named;
        }

        private List<Campaign> campaigns(JsonFields f, List<PointDefinition> definitions, TierSystem tiers) {
            List<Campaign> campaigns = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (JsonFields c : f.objects("campaigns", false, CAMPAIGNS_MAX)) {
                c.allowOnly("id", "name", "description", "startsAt", "endsAt", "enrollment", "eligibility", "goal", "reward");
                String id = c.text("id", true, 63, PROGRAM_ID, "lower-case letters, digits and '-'");
                if (id != null && !ids.add(id)) {
                    v.add(c.field("id"), "'" + id + "' is used by another campaign");
                }
                var startsAt = c.dateTime("startsAt", true);
                var endsAt = c.dateTime("endsAt", true);
                if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
                    v.add(c.field("endsAt"), "must be after startsAt");
                }
                Enrollment enrollment = c.enumValue("enrollment", true, Enrollment.class);
                campaigns.add(new Campaign(id, c.text("name", true, 200), c.text("description", false, 2000),
                        startsAt, endsAt, enrollment, eligibility(c.object("eligibility", false), tiers),
                        goal(c.object("goal", true)), reward(c.object("reward", true), definitions)));
            }
            return campaigns;
        }

        private Eligibility eligibility(JsonFields e, TierSystem tiers) {
            if (e == null) {
                return new Eligibility(null, Map.of());
            }
            e.allowOnly("minTierRank", "attributes");
            Integer rank = e.smallInteger("minTierRank", false, 0, 1000);
            if (rank != null && (tiers == null || tiers.levels().stream().noneMatch(l -> l.rank() == rank))) {
                v.add(e.field("minTierRank"), tiers == null
                        ? "needs a tierSystem in this program"
                        : "names no level of the tier system (was " + rank + ")");
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            JsonFields a = e.object("attributes", false);
            if (a != null) {
                a.node().properties().forEach(entry -> {
                    JsonNode value = entry.getValue();
                    if (value.isValueNode() && !value.isNull()) {
                        attributes.put(entry.getKey(), value.asString());
                    } else {
                        v.add(a.field(entry.getKey()), "must be a string, number or boolean");
                    }
                });
            }
            return new Eligibility(rank, attributes);
        }

        private Goal goal(JsonFields g) {
            if (g == null) {
                return null;
            }
            g.allowOnly("eventType", "count", "sumAttribute", "target");
            String eventType = g.text("eventType", true, 100, EVENT_TYPE, "letters, digits, '_', '.', ':' or '-'");
            Integer count = g.smallInteger("count", false, 1, 1_000_000);
            String sum = g.text("sumAttribute", false, 100);
            BigDecimal target = g.decimal("target", false, BigDecimal.ZERO, BigDecimal.valueOf(1_000_000_000L));
            boolean counting = g.has("count");
            boolean summing = g.has("sumAttribute") || g.has("target");
            if (counting == summing) {
                v.add(g.field("count"), "give either count, or sumAttribute with target");
            } else if (summing && (!g.has("sumAttribute") || !g.has("target"))) {
                v.add(g.field(g.has("sumAttribute") ? "target" : "sumAttribute"), "is required with " +
                        (g.has("sumAttribute") ? "sumAttribute" : "target"));
            }
            return new Goal(eventType, count, sum, target);
        }

        private Reward reward(JsonFields r, List<PointDefinition> definitions) {
            if (r == null) {
                return null;
            }
            r.allowOnly("points", "pointDefinition", "multiplier");
            Long points = r.integer("points", false, 1, 1_000_000_000L);
            Integer definition = r.smallInteger("pointDefinition", false, 1, Integer.MAX_VALUE);
            BigDecimal multiplier = r.decimal("multiplier", false, BigDecimal.ONE, BigDecimal.valueOf(100));
            boolean giving = r.has("points") || r.has("pointDefinition");
            if (giving == r.has("multiplier")) {
                v.add(r.field("points"), "give either points with pointDefinition, or multiplier");
            } else if (giving) {
                if (!r.has("points")) {
                    v.add(r.field("points"), "is required with pointDefinition");
                }
                if (!r.has("pointDefinition")) {
                    v.add(r.field("pointDefinition"), "is required with points");
                } else if (definition != null) {
                    Optional<PointDefinition> d = definitions.stream().filter(x -> x.id() == definition).findFirst();
                    if (d.isEmpty()) {
                        v.add(r.field("pointDefinition"), "names no point definition of this program (was " + definition + ")");
                    } else if (!d.get().master()) {
                        v.add(r.field("pointDefinition"), "must be a definition Laurel masters, not a follower");
                    }
                }
            }
            return new Reward(points, definition, multiplier);
        }

        private PointMaster pointMaster(JsonFields p) {
            if (p == null) {
                return null;
            }
            p.allowOnly("historyUrl", "adjustmentsWebhook");
            String historyUrl = url(p, "historyUrl", true);
            if (historyUrl != null && !historyUrl.contains("{contactId}")) {
                v.add(p.field("historyUrl"), "must contain {contactId}, where the member's id goes");
            }
            AdjustmentsWebhook hook = null;
            JsonFields w = p.object("adjustmentsWebhook", false);
            if (w != null) {
                w.allowOnly("url", "encryptionKey", "signingSecret");
                String url = url(w, "url", true);
                String key = w.text("encryptionKey", true, 64);
                if (key != null && key.getBytes(StandardCharsets.UTF_8).length != ENCRYPTION_KEY_LENGTH) {
                    v.add(w.field("encryptionKey"), "must be exactly " + ENCRYPTION_KEY_LENGTH
                            + " ASCII characters (its bytes are the AES-256 key), was " + key.getBytes(StandardCharsets.UTF_8).length + " bytes");
                }
                String signing = w.text("signingSecret", false, 256);
                if (signing != null && signing.length() < KEY_SECRET_LENGTH_MIN) {
                    v.add(w.field("signingSecret"), "must be at least " + KEY_SECRET_LENGTH_MIN + " characters");
                }
                hook = new AdjustmentsWebhook(url, key, signing);
            }
            return new PointMaster(historyUrl, hook);
        }

        private String url(JsonFields f, String name, boolean required) {
            String text = f.text(name, required, 2000);
            if (text == null) {
                return null;
            }
            try {
                URI uri = new URI(text.replace("{contactId}", "contact"));
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new URISyntaxException(text, "not an http(s) URL with a host");
                }
                return text;
            } catch (URISyntaxException e) {
                v.add(f.field(name), "must be an absolute http or https URL (was '" + text + "')");
                return null;
            }
        }
    }

    /** Looks a value up by a function, for {@link Variables} built from a map or the environment. */
    public static Variables variables(Function<String, String> lookup, Set<String> allowedOrNullForAll) {
        return new Variables() {
            @Override
            public Optional<String> value(String name) {
                return Optional.ofNullable(lookup.apply(name));
            }

            @Override
            public boolean allowed(String name) {
                return allowedOrNullForAll == null || allowedOrNullForAll.contains(name);
            }
        };
    }
}
