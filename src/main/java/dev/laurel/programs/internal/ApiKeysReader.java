package dev.laurel.programs.internal;

import static dev.laurel.programs.ProgramDocuments.KEY_SECRET_LENGTH_MIN;

import dev.laurel.programs.Program;
import dev.laurel.programs.Program.ApiKeySpec;
import dev.laurel.programs.Scope;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code apiKeys} section: names and secrets unique, a secret or its hash given, at least one admin key. */
final class ApiKeysReader {

    private ApiKeysReader() {}

    static List<ApiKeySpec> read(Fields program) {
        List<ApiKeySpec> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (Fields key : program.objects("apiKeys")) {
            String name = key.text("name");
            if (name != null && !names.add(name)) {
                key.error("name", "'" + name + "' is used by another key of this program");
            }
            String hash = secretSha256(key);
            if (hash != null && !hashes.add(hash)) {
                key.error("secret", "is the same as another key's of this program");
            }
            keys.add(new ApiKeySpec(name, hash, scopes(key), rateLimit(key.object("rateLimit"))));
        }
        if (program.has("apiKeys") && keys.stream().noneMatch(k -> k.scopes().contains(Scope.ADMIN))) {
            program.error("apiKeys", "must include at least one key with the admin scope");
        }
        return keys;
    }

    /** The key's hash. Secrets are hashed before the check, so a secret still here is one that could not be. */
    private static String secretSha256(Fields key) {
        if (key.has("secret") && key.has("secretSha256")) {
            key.error("secret", "give secret or secretSha256, not both");
        } else if (key.has("secret")) {
            key.error("secret", "must be at least " + KEY_SECRET_LENGTH_MIN + " characters");
        } else if (!key.has("secretSha256")) {
            key.error("secret", "is required");
        }
        return key.has("secret") ? null : key.text("secretSha256");
    }

    private static Program.RateLimit rateLimit(Fields limit) {
        if (limit == null) {
            return null;
        }
        Integer perSecond = limit.integer("requestsPerSecond");
        Integer burst = limit.integer("burst");
        return perSecond == null ? null : new Program.RateLimit(perSecond, burst == null ? perSecond : burst);
    }

    private static Set<Scope> scopes(Fields key) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : key.texts("scopes")) {
            scopes.add(Scope.fromWire(name).orElseThrow(() -> new IllegalStateException(
                    "the program schema let the scope '" + name + "' through")));
        }
        return scopes;
    }
}
