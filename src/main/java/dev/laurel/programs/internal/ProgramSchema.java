package dev.laurel.programs.internal;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import dev.laurel.platform.FieldError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shape of a program document (fields, types, lengths, patterns, enums, ranges, list sizes,
 * unknown fields), written once as a JSON Schema (draft 2020-12) in {@value #RESOURCE}, checked by
 * networknt's validator, and served at {@code GET /v1/programs/schema} for editors. Its errors are
 * reported at Laurel's field paths in Laurel's words ({@link SchemaMessages}), at most one per field.
 */
public final class ProgramSchema {

    static final String RESOURCE = "schemas/program.schema.json";
    /** Messages the schema gives for its own keywords; the validator is told they are not assertions. */
    static final List<String> MESSAGE_KEYWORDS = List.of("patternErrorMessage", "errorMessages");

    private static final String TEXT = load();
    private static final JsonNode TREE = JsonMapper.builder().build().readTree(TEXT);
    private static final Schema SCHEMA = compile();

    private ProgramSchema() {}

    /** The schema as shipped. */
    public static String text() {
        return TEXT;
    }

    /** A number the schema states, by JSON pointer, such as {@code /properties/apiKeys/maxItems}. */
    public static int limit(String pointer) {
        JsonNode value = TREE.at(pointer);
        if (!value.canConvertToInt()) {
            throw new IllegalStateException(RESOURCE + " has no number at " + pointer);
        }
        return value.intValue();
    }

    /** Checks {@code document}'s shape; a field given as null counts as left out, as everywhere in a document. */
    public static void check(ObjectNode document, DocumentErrors errors) {
        Map<String, String> messages = new LinkedHashMap<>();
        List<Error> repeated = new ArrayList<>();
        for (Error error : SCHEMA.validate(withoutNulls(document))) {
            if ("uniqueItems".equals(error.getKeyword())) {
                repeated.add(error);
                continue;
            }
            FieldError found = SchemaMessages.of(error, keywordParent(error));
            // A value of the wrong type gets that one error, whatever else its schema says.
            if (!messages.containsKey(found.field()) || "type".equals(error.getKeyword())) {
                messages.put(found.field(), found.message());
            }
        }
        repeated.forEach(error -> listedTwice(error, messages));
        messages.forEach(errors::add);
    }

    /** Each string listed again in a list that must not repeat one, at its own index. */
    private static void listedTwice(Error error, Map<String, String> messages) {
        String list = SchemaMessages.field(error.getInstanceLocation());
        JsonNode items = error.getInstanceNode();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String item = list + "[" + i + "]";
            if (items.get(i).isString() && !messages.containsKey(item) && !seen.add(items.get(i).stringValue())) {
                messages.put(item, "'" + items.get(i).stringValue() + "' is listed twice");
            }
        }
    }

    /** The schema object holding the keyword that failed, where its messages are. */
    private static JsonNode keywordParent(Error error) {
        NodePath fragment = error.getSchemaLocation().getFragment();
        JsonNode node = TREE;
        for (int i = 0; i < fragment.getNameCount() - 1; i++) {
            String name = fragment.getName(i);
            node = node.isArray() ? node.get(Integer.parseInt(name)) : node.get(name);
        }
        return node;
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    copy.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.values().forEach(item -> copy.add(withoutNulls(item)));
            return copy;
        }
        return node;
    }

    private static String load() {
        try (InputStream in = ProgramSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    private static Schema compile() {
        Dialect.Builder dialect = Dialect.builder(Dialects.getDraft202012());
        MESSAGE_KEYWORDS.forEach(keyword -> dialect.keyword(new NonValidationKeyword(keyword)));
        Schema schema = SchemaRegistry.withDialect(dialect.build()).getSchema(SchemaLocation.of("classpath:" + RESOURCE), TREE);
        schema.initializeValidators();
        return schema;
    }
}
