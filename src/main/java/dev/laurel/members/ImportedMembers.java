package dev.laurel.members;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The members of a batch by external id, and which of those external ids the batch created (the rest existed). */
public record ImportedMembers(Map<String, UUID> byExternalId, Set<String> created) {

    public ImportedMembers {
        byExternalId = Map.copyOf(byExternalId);
        created = Set.copyOf(created);
    }
}
