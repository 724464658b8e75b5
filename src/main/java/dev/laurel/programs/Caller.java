package dev.laurel.programs;

import java.util.Set;

/** Who is calling: the program an API key belongs to, the key's name and its scopes. */
public record Caller(String programId, String keyName, Set<Scope> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }
}
