package dev.laurel.proof.fuzz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The operations of a served OpenAPI 3.x document, as the fuzzer needs them: method, path template,
 * parameters with their schemas, request content types, and the documented success responses'
 * schemas; plus a validator of a JSON value against a schema of the document.
 *
 * <p>The validator reads the document as OpenAPI 3.0 would for nullability: a property the schema does not
 * list as {@code required} may be null. springdoc does not yet write 3.1's {@code type: [..., "null"]} for
 * fields that may be absent, and holding every null against it would test springdoc, not Laurel.
 */
final class OpenApiDocument {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern UUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern DATE_TIME = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$");
    private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
    /** How deep a schema may refer to itself before the validator stops following it. */
    private static final int DEPTH_MAX = 64;

    record Parameter(String name, String in, boolean required, JsonNode schema) {}

    /** {@code open}: the document says it needs no credentials ({@code security: []}). */
    record Operation(String method, String path, List<Parameter> parameters, List<String> requestTypes,
            Map<Integer, JsonNode> successSchemas, Set<Integer> documentedStatuses, boolean open) {

        /** Whether a request with this method on this routed path is this operation. */
        boolean matches(String requestMethod, String routedPath) {
            String m = requestMethod.equals("HEAD") ? "GET" : requestMethod;
            return m.equals(method) && routedPath != null
                    && routedPath.matches(path.replaceAll("\\{[^}]+}", "[^/]+").replace(".", "\\."));
        }

        String key() {
            return method + " " + path;
        }

        List<Parameter> in(String where) {
            return parameters.stream().filter(p -> p.in().equals(where)).toList();
        }

        /** The schema a 2xx answer must match: the one documented for its status, else the only 2xx documented. */
        JsonNode successSchema(int status) {
            JsonNode exact = successSchemas.get(status);
            if (exact != null || successSchemas.containsKey(status)) {
                return exact;
            }
            return successSchemas.size() == 1 ? successSchemas.values().iterator().next() : null;
        }
    }

    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();

    OpenApiDocument(JsonNode document) {
        this.document = document;
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                operations.add(operation(path.getKey(), op.getKey().toUpperCase(Locale.ROOT), op.getValue(), path.getValue()));
            }
        }
    }

    String version() {
        return document.get("openapi").asString();
    }

    List<Operation> operations() {
        return operations;
    }

    private Operation operation(String path, String method, JsonNode op, JsonNode pathItem) {
        List<Parameter> parameters = new ArrayList<>();
        for (JsonNode source : List.of(pathItem.path("parameters"), op.path("parameters"))) {
            for (JsonNode p : source) {
                JsonNode resolved = resolve(p);
                parameters.add(new Parameter(resolved.get("name").asString(), resolved.get("in").asString(),
                        resolved.path("required").asBoolean(false), resolved.get("schema")));
            }
        }
        List<String> requestTypes = new ArrayList<>();
        op.path("requestBody").path("content").propertyNames().forEach(requestTypes::add);
        Map<Integer, JsonNode> success = new LinkedHashMap<>();
        java.util.Set<Integer> documented = new java.util.TreeSet<>();
        for (Map.Entry<String, JsonNode> r : op.path("responses").properties()) {
            if (!r.getKey().matches("\\d{3}")) {
                continue;
            }
            int status = Integer.parseInt(r.getKey());
            documented.add(status);
            if (status >= 200 && status < 300) {
                JsonNode schema = null;
                for (Map.Entry<String, JsonNode> content : r.getValue().path("content").properties()) {
                    if (content.getValue().has("schema")) {
                        schema = content.getValue().get("schema");
                    }
                }
                success.put(status, schema);
            }
        }
        boolean open = op.has("security") && op.get("security").isArray() && op.get("security").isEmpty();
        return new Operation(method, path, parameters, requestTypes, success, documented, open);
    }

    /** Follows a {@code $ref} to the component it names. */
    JsonNode resolve(JsonNode node) {
        int hops = 0;
        while (node != null && node.has("$ref") && hops++ < DEPTH_MAX) {
            String ref = node.get("$ref").asString();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local references are followed: " + ref);
            }
            JsonNode target = document;
            for (String part : ref.substring(2).split("/")) {
                target = target.get(part.replace("~1", "/").replace("~0", "~"));
                if (target == null) {
                    throw new IllegalStateException("the document has no " + ref);
                }
            }
            node = target;
        }
        return node;
    }

    /** Every way {@code value} breaks {@code schema}, each with where ({@code $.field[0]}); empty when it matches. */
    List<String> violations(JsonNode value, JsonNode schema) {
        List<String> out = new ArrayList<>();
        check(value, schema, "$", out, 0);
        return out;
    }

    private void check(JsonNode value, JsonNode schema, String at, List<String> out, int depth) {
        if (schema == null || depth > DEPTH_MAX || out.size() > 20) {
            return;
        }
        schema = resolve(schema);
        if (schema.has("allOf")) {
            for (JsonNode part : schema.get("allOf")) {
                check(value, part, at, out, depth + 1);
            }
        }
        for (String combinator : List.of("oneOf", "anyOf")) {
            if (schema.has(combinator)) {
                long matching = 0;
                for (JsonNode part : schema.get(combinator)) {
                    if (violations(value, part).isEmpty()) {
                        matching++;
                    }
                }
                if (matching == 0 || combinator.equals("oneOf") && matching > 1) {
                    out.add(at + ": matches " + matching + " of the " + combinator + " schemas");
                }
            }
        }
        if (value.isNull()) {
            if (!allowsNull(schema)) {
                out.add(at + ": null where the schema does not allow it");
            }
            return;
        }
        List<String> types = types(schema);
        if (!types.isEmpty() && types.stream().noneMatch(t -> isType(value, t))) {
            out.add(at + ": " + kind(value) + " where the schema says " + types);
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode e : schema.get("enum")) {
                listed |= e.equals(value);
            }
            if (!listed) {
                out.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isString() && schema.has("format")) {
            String text = value.asString();
            String format = schema.get("format").asString();
            boolean ok = switch (format) {
                case "uuid" -> UUID.matcher(text).matches();
                case "date-time" -> DATE_TIME.matcher(text).matches();
                case "date" -> DATE.matcher(text).matches();
                default -> true;
            };
            if (!ok) {
                out.add(at + ": '" + text + "' is not a " + format);
            }
        }
        if (value.isIntegralNumber() && schema.has("format")) {
            String format = schema.get("format").asString();
            if (format.equals("int32") && !value.canConvertToInt() || format.equals("int64") && !value.canConvertToLong()) {
                out.add(at + ": " + value + " does not fit " + format);
            }
        }
        if (value.isObject()) {
            checkObject(value, schema, at, out, depth);
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                check(item, schema.get("items"), at + "[" + i++ + "]", out, depth + 1);
            }
        }
    }

    private void checkObject(JsonNode value, JsonNode schema, String at, List<String> out, int depth) {
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asString())) {
                out.add(at + ": required property '" + required.asString() + "' is missing");
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String where = at + "." + field.getKey();
            JsonNode property = properties.get(field.getKey());
            if (property != null) {
                boolean required = false;
                for (JsonNode r : schema.path("required")) {
                    required |= r.asString().equals(field.getKey());
                }
                if (field.getValue().isNull() && !required) {
                    continue;
                }
                check(field.getValue(), property, where, out, depth + 1);
            } else if (schema.has("additionalProperties")) {
                JsonNode additional = schema.get("additionalProperties");
                if (additional.isBoolean() && !additional.asBoolean()) {
                    out.add(where + ": a property the schema does not allow");
                } else if (additional.isObject()) {
                    check(field.getValue(), additional, where, out, depth + 1);
                }
            }
        }
    }

    private static List<String> types(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return List.of();
        }
        if (type.isArray()) {
            List<String> types = new ArrayList<>();
            type.forEach(t -> types.add(t.asString()));
            return types;
        }
        return List.of(type.asString());
    }

    private static boolean allowsNull(JsonNode schema) {
        return types(schema).isEmpty() && !schema.has("enum") || types(schema).contains("null") || schema.path("nullable").asBoolean(false);
    }

    private static boolean isType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT) + " " + (value.toString().length() > 80 ? value.toString().substring(0, 80) + "..." : value);
    }
}
