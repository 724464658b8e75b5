package dev.laurel.members;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a client gives to create or replace a member; validated by {@link Members}. {@code id} is null to let Laurel choose. */
public record MemberDraft(
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
        List<Identifier> identifiers) {

    public MemberDraft {
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    }
}
