package dev.laurel.programs.internal;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.StorableText;
import dev.laurel.programs.InvalidProgram;
import dev.laurel.programs.ProgramDocuments.Format;
import dev.laurel.programs.ProgramDocuments;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A program document's text to its tree: YAML or JSON, a key given twice refused, a syntax error given with its
 * line, and text that could not be stored as written (NUL, a lone surrogate) refused naming its field.
 */
public final class DocumentText {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private DocumentText() {}

    public static ObjectNode read(String source, String text, Format format) {
        if (text.length() > ProgramDocuments.DOCUMENT_CHARS_MAX) {
            throw refused(source, "is larger than " + ProgramDocuments.DOCUMENT_CHARS_MAX + " characters");
        }
        ObjectMapper mapper = format == Format.YAML ? YAML : JSON;
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JacksonException e) {
            throw refused(source, "is not valid " + format + ": " + e.getOriginalMessage() + location(e));
        }
        if (tree == null || !tree.isObject()) {
            throw refused(source, "must be a mapping of fields (id, name, ...)");
        }
        List<FieldError> unstorable = new ArrayList<>();
        unstorable(tree, "", unstorable);
        if (!unstorable.isEmpty()) {
            throw new InvalidProgram(source, unstorable);
        }
        return (ObjectNode) tree;
    }

    private static void unstorable(JsonNode node, String path, List<FieldError> errors) {
        if (node.isString()) {
            StorableText.problem(node.stringValue()).ifPresent(problem -> errors.add(new FieldError(path, problem)));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unstorable(node.get(i), path + "[" + i + "]", errors);
            }
        } else if (node.isObject()) {
            for (String name : node.propertyNames()) {
                String field = (path.isEmpty() ? "" : path + ".") + StorableText.printable(name);
                StorableText.problem(name).ifPresent(problem -> errors.add(new FieldError(field, "the field's name " + problem)));
                unstorable(node.get(name), field, errors);
            }
        }
    }

    private static InvalidProgram refused(String source, String message) {
        return new InvalidProgram(source, List.of(new FieldError("(document)", message)));
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
