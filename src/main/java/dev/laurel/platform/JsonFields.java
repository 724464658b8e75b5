package dev.laurel.platform;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one JSON object, recording every problem with the field's full path
 * ({@code pointDefinitions[1].escrow.days}) instead of stopping at the first. A read that fails
 * returns {@code null} and leaves an error in the shared {@link Validation}.
 */
public final class JsonFields {

    /** Longer than any ISO 8601 date-time: a longer value is refused before it is parsed. */
    public static final int DATE_TIME_CHARS_MAX = 64;

    private final JsonNode node;
    private final String path;
    private final Validation validation;

    private JsonFields(JsonNode node, String path, Validation validation) {
        this.node = node;
        this.path = path;
        this.validation = validation;
    }

    /** The fields of {@code node}, which must be an object; {@code null} (with an error) if it is not. */
    public static JsonFields root(JsonNode node, Validation validation, String rootName) {
        if (node == null || !node.isObject()) {
            validation.add(rootName, "must be a JSON object");
            return null;
        }
        return new JsonFields(node, "", validation);
    }

    /**
     * Element {@code index} of a top-level JSON array, read with its index as its path ({@code [3].amount});
     * {@code null} (with an error) if it is not an object.
     */
    public static JsonFields element(JsonNode array, int index, Validation validation) {
        return element(array, "", index, validation);
    }

    private static JsonFields element(JsonNode array, String arrayPath, int index, Validation validation) {
        String itemPath = arrayPath + "[" + index + "]";
        JsonNode item = array.get(index);
        if (!item.isObject()) {
            validation.add(itemPath, "must be an object");
            return null;
        }
        return new JsonFields(item, itemPath, validation);
    }

    public JsonNode node() {
        return node;
    }

    public Validation validation() {
        return validation;
    }

    /** The full path of a field of this object. */
    public String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public boolean has(String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    /** Records an error for every field not in {@code allowed}: a typo must not be silently ignored. */
    public JsonFields allowOnly(String... allowed) {
        Set<String> names = Set.of(allowed);
        for (String name : node.propertyNames()) {
            if (!names.contains(name)) {
                validation.add(field(name), "unknown field (expected one of: " + String.join(", ", sorted(names)) + ")");
            }
        }
        return this;
    }

    private JsonNode value(String name, boolean required) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                validation.add(field(name), "is required");
            }
            return null;
        }
        return value;
    }

    /** The value under {@code name} if it is of the type {@code is} accepts; else {@code null}, with {@code problem}'s error. */
    private JsonNode typed(String name, boolean required, Predicate<JsonNode> is, Function<JsonNode, String> problem) {
        JsonNode value = value(name, required);
        if (value != null && !is.test(value)) {
            validation.add(field(name), problem.apply(value));
            return null;
        }
        return value;
    }

    public String text(String name, boolean required, int maxLength) {
        JsonNode value = typed(name, required, JsonNode::isString, v -> "must be a string");
        if (value == null) {
            return null;
        }
        String text = value.stringValue();
        if (required && text.isBlank()) {
            validation.add(field(name), "must not be blank");
            return null;
        }
        if (text.length() > maxLength) {
            validation.add(field(name), "must be at most " + maxLength + " characters");
            return null;
        }
        return text;
    }

    public String text(String name, boolean required, int maxLength, Pattern pattern, String expected) {
        String text = text(name, required, maxLength);
        if (text != null && !pattern.matcher(text).matches()) {
            validation.add(field(name), "must be " + expected);
            return null;
        }
        return text;
    }

    public Long integer(String name, boolean required, long min, long max) {
        JsonNode value = typed(name, required, v -> v.isIntegralNumber() && v.canConvertToLong(),
                v -> v.isNumber() ? "must be a whole number" : "must be an integer");
        if (value == null) {
            return null;
        }
        long number = value.longValue();
        if (number < min || number > max) {
            validation.add(field(name), "must be between " + min + " and " + max);
            return null;
        }
        return number;
    }

    public Integer smallInteger(String name, boolean required, int min, int max) {
        Long value = integer(name, required, min, max);
        return value == null ? null : value.intValue();
    }

    public BigDecimal decimal(String name, boolean required, BigDecimal minExclusive, BigDecimal max) {
        JsonNode value = typed(name, required, JsonNode::isNumber, v -> "must be a number");
        if (value == null) {
            return null;
        }
        BigDecimal number = value.decimalValue();
        if (number.compareTo(minExclusive) <= 0 || number.compareTo(max) > 0) {
            validation.add(field(name), "must be greater than " + minExclusive.toPlainString() + " and at most " + max.toPlainString());
            return null;
        }
        return number;
    }

    public Boolean bool(String name, boolean required) {
        JsonNode value = typed(name, required, JsonNode::isBoolean, v -> "must be true or false");
        return value == null ? null : value.booleanValue();
    }

    /**
     * The text under {@code name} (at most {@code maxLength} characters) turned into a value by {@code parse}; when
     * {@code parse} refuses it, {@code null} and the error {@code problem} makes of the text.
     */
    public <T> T parsed(String name, boolean required, int maxLength, Function<String, T> parse, UnaryOperator<String> problem) {
        String text = text(name, required, maxLength);
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException | DateTimeException e) {
            validation.add(field(name), problem.apply(text));
            return null;
        }
    }

    public <E extends Enum<E>> E enumValue(String name, boolean required, Class<E> type) {
        return parsed(name, required, 100, text -> Enum.valueOf(type, text), text -> "must be one of "
                + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")) + " (was '" + text + "')");
    }

    public UUID uuid(String name, boolean required) {
        return parsed(name, required, 36, CanonicalUuid::parse, text -> "must be a UUID such as 3f1c9a52-8a4e-4f7b-9b7e-2c8d1e0f5a61");
    }

    /** A date such as 1999-07-01, within {@link Dates}' range. */
    public LocalDate date(String name, boolean required) {
        LocalDate date = parsed(name, required, 10, LocalDate::parse, text -> "must be a date such as 1999-07-01");
        if (date != null && !Dates.accepted(date)) {
            validation.add(field(name), Dates.DATE_OUT_OF_RANGE + " (was " + date + ")");
            return null;
        }
        return date;
    }

    /** A date-time with an offset, within {@link Dates}' range. */
    public OffsetDateTime dateTime(String name, boolean required) {
        return dateTime(name, required, "must be a date-time with an offset, such as 2026-12-01T00:00:00-05:00");
    }

    /** As {@link #dateTime(String, boolean)}, with {@code expected} as the error for text that is not a date-time. */
    public OffsetDateTime dateTime(String name, boolean required, String expected) {
        OffsetDateTime dateTime = parsed(name, required, DATE_TIME_CHARS_MAX, OffsetDateTime::parse, text -> expected);
        if (dateTime != null && !Dates.accepted(dateTime)) {
            validation.add(field(name), Dates.OUT_OF_RANGE + " (was " + dateTime + ")");
            return null;
        }
        return dateTime;
    }

    /** A nested object; {@code null} when absent (with an error if required) or not an object. */
    public JsonFields object(String name, boolean required) {
        JsonNode value = typed(name, required, JsonNode::isObject, v -> "must be an object");
        return value == null ? null : new JsonFields(value, field(name), validation);
    }

    /** The raw array under {@code name}, at most {@code maxItems} long; {@code null} when absent or invalid. */
    public JsonNode array(String name, boolean required, int maxItems) {
        JsonNode value = typed(name, required, JsonNode::isArray, v -> "must be a list");
        if (value == null) {
            return null;
        }
        if (value.size() > maxItems) {
            validation.add(field(name), "must have at most " + maxItems + " items");
            return null;
        }
        return value;
    }

    /** A list of objects; each element's fields are read with their index in the path. */
    public List<JsonFields> objects(String name, boolean required, int maxItems) {
        JsonNode array = array(name, required, maxItems);
        List<JsonFields> items = new ArrayList<>();
        for (int i = 0; array != null && i < array.size(); i++) {
            JsonFields item = element(array, field(name), i, validation);
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    /** A list of distinct strings, each at most {@code maxLength} characters. */
    public List<String> texts(String name, boolean required, int maxItems, int maxLength) {
        JsonNode array = array(name, required, maxItems);
        List<String> items = new ArrayList<>();
        if (array == null) {
            return items;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String itemPath = field(name) + "[" + i + "]";
            JsonNode item = array.get(i);
            if (!item.isString() || item.stringValue().isBlank()) {
                validation.add(itemPath, "must be a non-blank string");
            } else if (item.stringValue().length() > maxLength) {
                validation.add(itemPath, "must be at most " + maxLength + " characters");
            } else if (!seen.add(item.stringValue())) {
                validation.add(itemPath, "'" + item.stringValue() + "' is listed twice");
            } else {
                items.add(item.stringValue());
            }
        }
        return items;
    }

    private static List<String> sorted(Collection<String> names) {
        return names.stream().sorted().toList();
    }
}
