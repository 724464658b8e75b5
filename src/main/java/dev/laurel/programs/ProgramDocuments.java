package dev.laurel.programs;

import dev.laurel.programs.internal.Changes;
import dev.laurel.programs.internal.DocumentText;
import dev.laurel.programs.internal.Fingerprint;
import dev.laurel.programs.internal.Placeholders;
import dev.laurel.programs.internal.ProgramParser;
import dev.laurel.programs.internal.ProgramParser.LeftOutSecrets;
import dev.laurel.programs.internal.ProgramSchema;
import dev.laurel.programs.internal.Secrets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Program documents: reading YAML or JSON, resolving {@code ${NAME}} from the environment, checking
 * the shape against the program schema and every rule across fields, and the stored form (key
 * secrets and operator passwords replaced by their hashes) with its fingerprint.
 */
public final class ProgramDocuments {

    /** The limits of a document are the schema's ({@code schemas/program.schema.json}), written there once. */
    public static final int API_KEYS_MAX = ProgramSchema.limit("/properties/apiKeys/maxItems");
    public static final int POINT_DEFINITIONS_MAX = ProgramSchema.limit("/properties/pointDefinitions/maxItems");
    public static final int TIER_LEVELS_MAX = ProgramSchema.limit("/$defs/tierSystem/properties/levels/maxItems");
    public static final int PARTNERS_MAX = ProgramSchema.limit("/properties/partners/maxItems");
    public static final int CAMPAIGNS_MAX = ProgramSchema.limit("/properties/campaigns/maxItems");
    public static final int TIMELINE_VIEWS_MAX = ProgramSchema.limit("/properties/timelineViews/maxItems");
    public static final int OPERATORS_MAX = ProgramSchema.limit("/properties/operators/maxItems");
    public static final int KEY_SECRET_LENGTH_MAX = ProgramSchema.limit("/$defs/apiKey/properties/secret/maxLength");
    /**
     * Secrets are hashed before the check, so these minimums are also Laurel's own; the schema's
     * patterns say the same (allowing a ${NAME} there, for editors), as ProgramSchemaTest checks.
     */
    public static final int OPERATOR_PASSWORD_LENGTH_MIN = 12;
    public static final int KEY_SECRET_LENGTH_MIN = 16;
    public static final int ENCRYPTION_KEY_LENGTH = 32;
    public static final int DOCUMENT_CHARS_MAX = 1_048_576;
    public static final int CHANGES_LISTED_MAX = 20;

    private ProgramDocuments() {}

    public enum Format {
        YAML, JSON;

        /** The format a file's name says it is in, if Laurel reads that kind of file. */
        public static Optional<Format> ofFileName(String fileName) {
            String lower = fileName.toLowerCase(Locale.ROOT);
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
        return DocumentText.read(source, text, format);
    }

    /**
     * Resolves variables, validates, and returns the program with its stored form. Secrets the
     * document leaves out (an API key's {@code secret}, an operator's password, the webhook's keys)
     * are taken from {@code previous}, the stored form of the revision being replaced, when it has
     * them, so a document read back with GET can be sent again with PUT; an operator password that
     * {@code previous} already has a hash of keeps that hash.
     */
    public static Parsed parse(String source, ObjectNode document, Variables variables, ObjectNode previous) {
        return ProgramParser.parse(source, document, variables, LeftOutSecrets.KEEP_PREVIOUS, programId -> previous);
    }

    /** Parses a stored form back into its program; stored forms were validated when applied. */
    public static Program fromStored(ObjectNode stored) {
        return ProgramParser.fromStored(stored);
    }

    /** The stored form without anything secret: what {@code GET /v1/programs/{id}} answers. */
    public static ObjectNode redacted(ObjectNode stored) {
        return Secrets.redacted(stored);
    }

    /** The JSON Schema of a program document (draft 2020-12), as editors use it. */
    public static String schema() {
        return ProgramSchema.text();
    }

    public static String sha256(String text) {
        return Fingerprint.sha256(text);
    }

    /** The paths whose values differ between two stored forms (at most {@link #CHANGES_LISTED_MAX}, then a count). */
    public static List<String> changes(JsonNode before, JsonNode after) {
        return Changes.between(before, after, CHANGES_LISTED_MAX);
    }

    /** The names of the {@code ${NAME}} variables a document refers to, in order of appearance. */
    public static List<String> variableNames(JsonNode node) {
        return Placeholders.names(node);
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
