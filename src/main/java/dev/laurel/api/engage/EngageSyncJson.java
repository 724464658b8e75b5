package dev.laurel.api.engage;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.InvalidInput;
import dev.laurel.sync.SyncItem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;

/** Reads Engage's sync arrays: types here (every problem listed at once), rules in the sync module. */
final class EngageSyncJson {

    private EngageSyncJson() {}

    /** Parses the items; {@code limit} is checked first so an oversized array is refused before it is read. */
    static List<SyncItem> items(JsonNode body, boolean transactions, int limit, IntFunction<RuntimeException> tooMany) {
        if (body == null || !body.isArray()) {
            throw new InvalidInput("(body)", "must be a JSON array of items");
        }
        if (body.size() > limit) {
            throw tooMany.apply(body.size());
        }
        List<FieldError> errors = new ArrayList<>();
        List<SyncItem> items = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode item = body.get(i);
            String at = "[" + i + "]";
            if (!item.isObject()) {
                errors.add(new FieldError(at, "must be an object"));
                continue;
            }
            int before = errors.size();
            String contactId = text(item, "contactId", at, true, 100, errors);
            Long amount = integer(item, "amount", at, errors);
            Long definitionId = integer(item, "definitionId", at, errors);
            if (definitionId != null && (definitionId < 1 || definitionId > Integer.MAX_VALUE)) {
                errors.add(new FieldError(at + ".definitionId", "must be a positive integer"));
            }
            Instant timeStamp = time(item, "timeStamp", at, true, errors);
            String source = transactions ? text(item, "source", at, true, 64, errors) : null;
            String description = transactions ? text(item, "description", at, false, 1000, errors) : null;
            Instant validFrom = transactions ? time(item, "validFrom", at, false, errors) : null;
            Instant validTo = transactions ? time(item, "validTo", at, false, errors) : null;
            if (errors.size() == before) {
                items.add(new SyncItem(contactId, amount, definitionId.intValue(), timeStamp, source, description, validFrom, validTo));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return items;
    }

    private static String text(JsonNode item, String name, String at, boolean required, int max, List<FieldError> errors) {
        JsonNode v = item.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(at + "." + name, "is required"));
            }
            return null;
        }
        if (!v.isString()) {
            errors.add(new FieldError(at + "." + name, "must be a string"));
            return null;
        }
        if (v.stringValue().length() > max) {
            errors.add(new FieldError(at + "." + name, "must be at most " + max + " characters"));
            return null;
        }
        return v.stringValue();
    }

    private static Long integer(JsonNode item, String name, String at, List<FieldError> errors) {
        JsonNode v = item.get(name);
        if (v == null || v.isNull()) {
            errors.add(new FieldError(at + "." + name, "is required"));
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            errors.add(new FieldError(at + "." + name, "must be an integer"));
            return null;
        }
        return v.longValue();
    }

    private static Instant time(JsonNode item, String name, String at, boolean required, List<FieldError> errors) {
        String text = text(item, name, at, required, 64, errors);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(at + "." + name, "must be a date-time such as 2023-05-16T12:20:03.807Z"));
            return null;
        }
    }
}
