package dev.laurel.programs.internal;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import dev.laurel.platform.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Laurel's words for the schema validator's errors, at Laurel's paths ({@code apiKeys[0].secret},
 * {@code (document)} for the whole). The message is made from the keyword that failed and the
 * schema object holding it: its {@code patternErrorMessage} or {@code errorMessages.<keyword>} when
 * it has one, else from the keyword's own values (the property names an unknown field could have
 * been, the enum's values, the range's bounds).
 */
final class SchemaMessages {

    private static final String DOCUMENT = "(document)";

    private SchemaMessages() {}

    /** The field and message for one error; {@code schema} is the schema object holding the keyword that failed. */
    static FieldError of(Error error, JsonNode schema) {
        String at = field(error.getInstanceLocation());
        String keyword = error.getKeyword();
        if ("required".equals(keyword) || "additionalProperties".equals(keyword)) {
            String field = at.isEmpty() ? error.getProperty() : at + "." + error.getProperty();
            return new FieldError(field, "required".equals(keyword) ? "is required" : unknownField(schema));
        }
        return new FieldError(at.isEmpty() ? DOCUMENT : at, message(keyword, schema, error.getInstanceNode(), error));
    }

    /** A validator path as Laurel writes it: {@code pointDefinitions[1].escrow.days}. */
    static String field(NodePath location) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(element);
            }
        }
        return path.toString();
    }

    private static String message(String keyword, JsonNode schema, JsonNode value, Error error) {
        String custom = custom(keyword, schema);
        if ("enum".equals(keyword)) {
            return or(custom, "must be one of " + listed(schema.get("enum")))
                    + " (was '" + (value.isString() ? value.stringValue() : value.toString()) + "')";
        }
        return or(custom, switch (keyword) {
            case "type" -> type(schema.get("type"), value);
            case "pattern" -> "must match " + schema.get("pattern").stringValue();
            case "maxLength" -> "must be at most " + schema.get("maxLength") + " characters";
            case "minLength" -> "must be at least " + schema.get("minLength") + " characters";
            case "maxItems" -> "must have at most " + schema.get("maxItems") + " items";
            case "minItems" -> "must have at least " + schema.get("minItems") + " items";
            case "minimum", "maximum", "exclusiveMinimum" -> range(schema);
            default -> error.getMessage();
        });
    }

    private static String custom(String keyword, JsonNode schema) {
        JsonNode message = "pattern".equals(keyword) ? schema.get("patternErrorMessage")
                : schema.path("errorMessages").get(keyword);
        return message != null && message.isString() ? message.stringValue() : null;
    }

    private static String or(String custom, String generic) {
        return custom != null ? custom : generic;
    }

    /** As Laurel has always said it: the names of the fields this object may have, sorted. */
    private static String unknownField(JsonNode schema) {
        List<String> names = new ArrayList<>(schema.path("properties").propertyNames());
        names.sort(null);
        return "unknown field (expected one of: " + String.join(", ", names) + ")";
    }

    private static String type(JsonNode expected, JsonNode value) {
        return switch (expected.isString() ? expected.stringValue() : "") {
            case "string" -> "must be a string";
            case "integer" -> value.isNumber() ? "must be a whole number" : "must be an integer";
            case "number" -> "must be a number";
            case "boolean" -> "must be true or false";
            case "object" -> "must be an object";
            case "array" -> "must be a list";
            default -> "must be one of the types " + listed(expected);
        };
    }

    private static String range(JsonNode schema) {
        String max = number(schema.get("maximum"));
        if (schema.has("exclusiveMinimum")) {
            String min = number(schema.get("exclusiveMinimum"));
            return max == null ? "must be greater than " + min : "must be greater than " + min + " and at most " + max;
        }
        String min = number(schema.get("minimum"));
        if (min != null && max != null) {
            return "must be between " + min + " and " + max;
        }
        return min != null ? "must be at least " + min : "must be at most " + max;
    }

    private static String number(JsonNode bound) {
        return bound == null ? null : bound.decimalValue().toPlainString();
    }

    private static String listed(JsonNode values) {
        return values.valueStream().map(v -> v.isString() ? v.stringValue() : v.toString()).collect(Collectors.joining(", "));
    }
}
