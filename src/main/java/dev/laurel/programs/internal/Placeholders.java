package dev.laurel.programs.internal;

import dev.laurel.programs.ProgramDocuments.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * {@code ${NAME}} in a document's string values, read from {@link Variables}. Each problem (a name
 * not set, not allowed, or not a valid placeholder) is an error at the field it is in.
 */
public final class Placeholders {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final int FRAGMENT_SHOWN_CHARS_MAX = 70;

    private Placeholders() {}

    /** A copy of {@code document} with every placeholder replaced; the document itself is not changed. */
    public static ObjectNode resolve(ObjectNode document, Variables variables, DocumentErrors errors) {
        return (ObjectNode) resolve(document, "", variables, errors);
    }

    /** The names a document refers to, each once, in order of appearance. */
    public static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        collect(node, names);
        return names;
    }

    private static void collect(JsonNode node, List<String> names) {
        if (node.isString()) {
            Matcher m = VARIABLE.matcher(node.stringValue());
            while (m.find()) {
                if (!names.contains(m.group(1))) {
                    names.add(m.group(1));
                }
            }
        } else if (node.isContainer()) {
            node.values().forEach(child -> collect(child, names));
        }
    }

    private static JsonNode resolve(JsonNode node, String path, Variables variables, DocumentErrors errors) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(),
                    resolve(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), variables, errors)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(resolve(node.get(i), path + "[" + i + "]", variables, errors));
            }
            return copy;
        }
        if (node.isString() && node.stringValue().contains("${")) {
            return resolveText(node, path, variables, errors);
        }
        return node;
    }

    private static JsonNode resolveText(JsonNode node, String path, Variables variables, DocumentErrors errors) {
        String malformed = malformed(node.stringValue());
        if (malformed != null) {
            // Taken literally, a typo such as ${ACME-KEY} would become the value (even a key's secret).
            errors.add(path, "has " + malformed + ", which is not a valid ${NAME} placeholder"
                    + " (NAME is letters, digits and '_', not starting with a digit)");
            return node;
        }
        Matcher m = VARIABLE.matcher(node.stringValue());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), path, variables, errors)));
        }
        m.appendTail(out);
        return StringNode.valueOf(out.toString());
    }

    private static String value(String name, String path, Variables variables, DocumentErrors errors) {
        if (!variables.allowed(name)) {
            errors.add(path, "may not read the environment variable " + name
                    + " (a document sent over the API may read only those listed in LAUREL_PROGRAM_API_VARIABLES)");
            return "";
        }
        Optional<String> found = variables.value(name);
        if (found.isEmpty()) {
            errors.add(path, "the environment variable " + name + " is not set");
            return "";
        }
        return found.get();
    }

    /** The first {@code ${...}} in {@code text} that is not a placeholder Laurel resolves, or {@code null}. */
    private static String malformed(String text) {
        String rest = VARIABLE.matcher(text).replaceAll("");
        int start = rest.indexOf("${");
        if (start < 0) {
            return null;
        }
        int end = rest.indexOf('}', start);
        String fragment = end < 0 ? rest.substring(start) : rest.substring(start, end + 1);
        return "'" + (fragment.length() > FRAGMENT_SHOWN_CHARS_MAX
                ? fragment.substring(0, FRAGMENT_SHOWN_CHARS_MAX) + "..." : fragment) + "'";
    }
}
