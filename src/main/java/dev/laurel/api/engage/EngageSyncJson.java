package dev.laurel.api.engage;

import dev.laurel.ledger.Posting;
import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.JsonFields;
import dev.laurel.platform.Validation;
import dev.laurel.sync.SyncItem;
import java.time.Instant;
import java.time.OffsetDateTime;
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
        Validation v = new Validation();
        List<SyncItem> items = new ArrayList<>();
        // Fields Engage may add are ignored; those it defines are read.
        for (int i = 0; i < body.size(); i++) {
            JsonFields f = JsonFields.element(body, i, v);
            if (f == null) {
                continue;
            }
            int before = v.count();
            String contactId = f.text("contactId", true, SyncItem.CONTACT_ID_CHARS_MAX);
            Long amount = f.integer("amount", true, Long.MIN_VALUE, Long.MAX_VALUE);
            Long definitionId = f.integer("definitionId", true, Long.MIN_VALUE, Long.MAX_VALUE);
            if (definitionId != null && (definitionId < 1 || definitionId > Integer.MAX_VALUE)) {
                v.add(f.field("definitionId"), "must be a positive integer");
            }
            Instant timeStamp = time(f, "timeStamp", true);
            String source = transactions ? f.text("source", true, Posting.SOURCE_CHARS_MAX) : null;
            String description = transactions ? f.text("description", false, SyncItem.DESCRIPTION_CHARS_MAX) : null;
            Instant validFrom = transactions ? time(f, "validFrom", false) : null;
            Instant validTo = transactions ? time(f, "validTo", false) : null;
            if (v.count() == before) {
                items.add(new SyncItem(contactId, amount, definitionId.intValue(), timeStamp, source, description, validFrom, validTo));
            }
        }
        v.throwIfInvalid();
        return items;
    }

    private static Instant time(JsonFields f, String name, boolean required) {
        OffsetDateTime time = f.dateTime(name, required, "must be a date-time such as 2023-05-16T12:20:03.807Z");
        return time == null ? null : time.toInstant();
    }
}
