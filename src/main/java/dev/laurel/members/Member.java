package dev.laurel.members;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A member of a program: profile, opt-in, custom attributes and identifiers. */
public record Member(
        MemberId id,
        String externalId,
        String email,
        String mobileNumber,
        String firstName,
        String lastName,
        String gender,
        LocalDate dob,
        String address,
        String address2,
        String city,
        String zip,
        String state,
        String country,
        boolean optedIn,
        Map<String, Object> attributes,
        List<Identifier> identifiers,
        Instant createdAt,
        Instant updatedAt) {

    public Member {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        identifiers = List.copyOf(identifiers);
    }

    /** The member's fields as they would be sent to create it again. */
    public MemberDraft draft() {
        return new MemberDraft(id, externalId, email, mobileNumber, firstName, lastName, gender, dob, address,
                address2, city, zip, state, country, optedIn, attributes, identifiers);
    }
}
