package dev.laurel.programs.internal;

import dev.laurel.platform.CanonicalUuid;
import dev.laurel.platform.Dates;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the fields of one object of a program document the schema has checked. A value that is
 * absent, null, or refused by an earlier stage reads as {@code null} (a list as empty), so a reader
 * checks only what a schema cannot say. A value of a shape the schema lets through but the reader
 * cannot read is a broken invariant: the schema and its readers disagree.
 */
public final class Fields {

    private final JsonNode node;
    private final String path;
    private final DocumentErrors errors;

    private Fields(JsonNode node, String path, DocumentErrors errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    static Fields root(ObjectNode document, DocumentErrors errors) {
        return new Fields(document, "", errors);
    }

    public JsonNode node() {
        return node;
    }

    /** The full path of a field of this object, such as {@code pointDefinitions[1].escrow.days}. */
    public String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Whether the field is given (not null), valid or not. */
    public boolean has(String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    /** Records a problem with this object as a whole (a rule with no selector...). */
    public void errorOnWhole(String message) {
        errors.add(path, message);
    }

    /** Records a problem with a field that the schema could not see. */
    public void error(String name, String message) {
        errors.add(field(name), message);
    }

    public String text(String name) {
        JsonNode value = value(name, JsonNode::isString);
        return value == null ? null : value.stringValue();
    }

    public Integer integer(String name) {
        JsonNode value = value(name, v -> v.canConvertToExactIntegral() && v.canConvertToInt());
        return value == null ? null : value.intValue();
    }

    public Long longInteger(String name) {
        JsonNode value = value(name, v -> v.canConvertToExactIntegral() && v.canConvertToLong());
        return value == null ? null : value.longValue();
    }

    public BigDecimal decimal(String name) {
        JsonNode value = value(name, JsonNode::isNumber);
        return value == null ? null : value.decimalValue();
    }

    /** A string, number or boolean, as text. */
    public String scalar(String name) {
        JsonNode value = value(name, JsonNode::isValueNode);
        return value == null ? null : value.asString();
    }

    public boolean flag(String name) {
        JsonNode value = value(name, JsonNode::isBoolean);
        return value != null && value.booleanValue();
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the program schema let " + field(name) + " through as '" + text
                    + "', which is not a " + type.getSimpleName(), e);
        }
    }

    public UUID uuid(String name) {
        String text = text(name);
        return text == null ? null : CanonicalUuid.parse(text);
    }

    /**
     * A date-time with an offset, within {@link Dates}' range; one that does not parse or is outside it is an error
     * here, where the schema says only "a string".
     */
    public OffsetDateTime dateTime(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        OffsetDateTime dateTime;
        try {
            dateTime = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            error(name, "must be a date-time with an offset, such as 2026-12-01T00:00:00-05:00");
            return null;
        }
        if (!Dates.accepted(dateTime)) {
            error(name, Dates.OUT_OF_RANGE + " (was " + dateTime + ")");
            return null;
        }
        return dateTime;
    }

    /** A date; one that does not exist (2026-02-30) is an error here, where the schema says only its pattern. */
    public LocalDate date(String name) {
        String text = text(name);
        return text == null ? null : date(name, text);
    }

    /** The dates of a list; refused items are left out, and dates that do not exist are errors. */
    public List<LocalDate> dates(String name) {
        List<LocalDate> dates = new ArrayList<>();
        List<String> texts = texts(name);
        for (int i = 0; i < texts.size(); i++) {
            LocalDate date = date(name + "[" + i + "]", texts.get(i));
            if (date != null) {
                dates.add(date);
            }
        }
        return dates;
    }

    private LocalDate date(String name, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            error(name, "must be a date such as 2026-03-31 (was '" + text + "')");
            return null;
        }
    }

    public Fields object(String name) {
        JsonNode value = value(name, JsonNode::isObject);
        return value == null ? null : new Fields(value, field(name), errors);
    }

    /** The objects of a list, each with its index in its path; refused items are left out. */
    public List<Fields> objects(String name) {
        List<Fields> items = new ArrayList<>();
        JsonNode array = value(name, JsonNode::isArray);
        for (int i = 0; array != null && i < array.size(); i++) {
            String itemPath = field(name) + "[" + i + "]";
            if (!errors.refused(itemPath)) {
                items.add(new Fields(checked(itemPath, array.get(i), JsonNode::isObject), itemPath, errors));
            }
        }
        return items;
    }

    /** The strings of a list; refused items (blank, too long, listed twice...) are left out. */
    public List<String> texts(String name) {
        List<String> items = new ArrayList<>();
        JsonNode array = value(name, JsonNode::isArray);
        for (int i = 0; array != null && i < array.size(); i++) {
            String itemPath = field(name) + "[" + i + "]";
            if (!errors.refused(itemPath)) {
                items.add(checked(itemPath, array.get(i), JsonNode::isString).stringValue());
            }
        }
        return items;
    }

    private JsonNode value(String name, Predicate<JsonNode> shape) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || errors.refused(field(name))) {
            return null;
        }
        return checked(field(name), value, shape);
    }

    private static JsonNode checked(String field, JsonNode value, Predicate<JsonNode> shape) {
        if (!shape.test(value)) {
            throw new IllegalStateException("the program schema let " + field + " through as " + value.getNodeType()
                    + ", which its reader cannot read");
        }
        return value;
    }
}
