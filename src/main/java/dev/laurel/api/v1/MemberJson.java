package dev.laurel.api.v1;

import dev.laurel.members.Identifier;
import dev.laurel.members.MemberDraft;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.platform.JsonFields;
import dev.laurel.platform.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the native API's member JSON into a {@link MemberDraft}: types here, rules in the members module. */
final class MemberJson {

    static final String[] FIELDS = {"id", "externalId", "email", "mobileNumber", "firstName", "lastName", "gender", "dob",
            "address", "address2", "city", "zip", "state", "country", "optedIn", "attributes", "identifiers",
            "createdAt", "updatedAt"};
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private MemberJson() {}

    static MemberDraft draft(JsonNode body, JsonMapper json) {
        Validation v = new Validation();
        JsonFields f = JsonFields.root(body, v, "(body)");
        if (f == null) {
            v.throwIfInvalid();
        }
        f.allowOnly(FIELDS);
        UUID id = f.uuid("id", false);
        // Each field is read up to the length the members module allows: longer is refused as it is read.
        MemberDraft draft = new MemberDraft(id == null ? null : MemberId.of(id),
                f.text("externalId", false, Members.EXTERNAL_ID_CHARS_MAX), f.text("email", false, Members.EMAIL_CHARS_MAX),
                f.text("mobileNumber", false, Members.MOBILE_NUMBER_CHARS_MAX), f.text("firstName", false, Members.TEXT_FIELD_CHARS_MAX),
                f.text("lastName", false, Members.TEXT_FIELD_CHARS_MAX), f.text("gender", false, Members.GENDER_CHARS_MAX),
                f.date("dob", false), f.text("address", false, Members.TEXT_FIELD_CHARS_MAX),
                f.text("address2", false, Members.TEXT_FIELD_CHARS_MAX), f.text("city", false, Members.TEXT_FIELD_CHARS_MAX),
                f.text("zip", false, Members.ZIP_CHARS_MAX), f.text("state", false, Members.STATE_CHARS_MAX),
                f.text("country", false, Members.COUNTRY_CHARS_MAX),
                Boolean.TRUE.equals(f.bool("optedIn", false)), attributes(f, json), identifiers(f));
        v.throwIfInvalid();
        return draft;
    }

    private static Map<String, Object> attributes(JsonFields f, JsonMapper json) {
        JsonFields attributes = f.object("attributes", false);
        return attributes == null ? Map.of() : json.convertValue(attributes.node(), MAP);
    }

    private static List<Identifier> identifiers(JsonFields f) {
        List<Identifier> identifiers = new ArrayList<>();
        for (JsonFields i : f.objects("identifiers", false, Members.IDENTIFIERS_MAX)) {
            i.allowOnly("type", "value");
            identifiers.add(new Identifier(i.text("type", true, Members.IDENTIFIER_TYPE_CHARS_MAX),
                    i.text("value", true, Members.IDENTIFIER_VALUE_CHARS_MAX)));
        }
        return identifiers;
    }
}
