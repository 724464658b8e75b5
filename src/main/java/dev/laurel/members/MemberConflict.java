package dev.laurel.members;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.Problem;
import java.util.List;

/** A member's id, external id or identifier is already taken by another member of the program. */
public final class MemberConflict extends Problem {

    public MemberConflict(String code, String field, String detail) {
        super(409, code, "Conflict", detail, List.of(new FieldError(field, detail)));
    }

    static MemberConflict id(MemberId id) {
        return new MemberConflict("member-exists", "id", "A member with id " + id + " already exists in this program.");
    }

    static MemberConflict externalId(String externalId) {
        return new MemberConflict("external-id-taken", "externalId",
                "Another member of this program has externalId '" + externalId + "'.");
    }

    static MemberConflict identifier(String field, Identifier identifier) {
        return new MemberConflict("identifier-taken", field, "Another member of this program has the identifier "
                + identifier.type() + ":" + identifier.value() + ".");
    }
}
