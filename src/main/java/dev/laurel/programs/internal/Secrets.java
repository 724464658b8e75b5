package dev.laurel.programs.internal;

import static dev.laurel.programs.ProgramDocuments.KEY_SECRET_LENGTH_MAX;
import static dev.laurel.programs.ProgramDocuments.KEY_SECRET_LENGTH_MIN;
import static dev.laurel.programs.ProgramDocuments.OPERATOR_PASSWORD_LENGTH_MIN;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCrypt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The secrets of a program document: those a document leaves out are taken from the revision it
 * replaces, key secrets are stored as their SHA-256 and operator passwords as bcrypt hashes, and a
 * document read back has none of them.
 */
public final class Secrets {

    static final int BCRYPT_COST = 10;
    private static final SecureRandom SALTS = new SecureRandom();
    private static final List<String> WEBHOOK_SECRETS = List.of("encryptionKey", "signingSecret");

    private Secrets() {}

    /**
     * Fills in the secrets {@code document} leaves out from {@code previous}, the stored form of the
     * revision it replaces: a key's hash (by key name), an operator's password hash (by username),
     * the webhook's keys, a subscription's secret (by URL). A document read back with GET can so be sent again with PUT.
     */
    public static void carryLeftOut(ObjectNode document, ObjectNode previous) {
        carryKeyHashes(document, previous);
        carryPasswordHashes(document, previous);
        if (document.get("pointMaster") instanceof ObjectNode master && master.get("adjustmentsWebhook") instanceof ObjectNode hook
                && previous.get("pointMaster") instanceof ObjectNode oldMaster
                && oldMaster.get("adjustmentsWebhook") instanceof ObjectNode oldHook) {
            for (String secret : WEBHOOK_SECRETS) {
                if (!hook.hasNonNull(secret) && oldHook.hasNonNull(secret)) {
                    hook.set(secret, oldHook.get(secret));
                }
            }
        }
        carrySubscriptionSecrets(document, previous);
    }

    /** A subscription left without its secret keeps the one of the subscription to the same URL. */
    private static void carrySubscriptionSecrets(ObjectNode document, ObjectNode previous) {
        if (!(document.get("webhooks") instanceof ObjectNode hooks) || !(previous.get("webhooks") instanceof ObjectNode oldHooks)) {
            return;
        }
        for (ObjectNode subscription : objects(hooks, "subscriptions")) {
            String url = text(subscription, "url");
            if (url == null || subscription.hasNonNull("secret")) {
                continue;
            }
            for (ObjectNode old : objects(oldHooks, "subscriptions")) {
                if (url.equals(text(old, "url")) && old.hasNonNull("secret")) {
                    subscription.set("secret", old.get("secret"));
                }
            }
        }
    }

    private static void carryKeyHashes(ObjectNode document, ObjectNode previous) {
        Map<String, JsonNode> previousKeys = new HashMap<>();
        for (ObjectNode key : objects(previous, "apiKeys")) {
            if (text(key, "name") != null && key.hasNonNull("secretSha256")) {
                previousKeys.put(text(key, "name"), key.get("secretSha256"));
            }
        }
        for (ObjectNode key : objects(document, "apiKeys")) {
            String name = text(key, "name");
            if (!key.hasNonNull("secret") && !key.hasNonNull("secretSha256") && name != null && previousKeys.containsKey(name)) {
                key.set("secretSha256", previousKeys.get(name));
            }
        }
    }

    private static void carryPasswordHashes(ObjectNode document, ObjectNode previous) {
        for (ObjectNode operator : objects(document, "operators")) {
            if (!operator.has("password") && !operator.has("passwordBcrypt") && operator.get("username") != null) {
                for (ObjectNode old : objects(previous, "operators")) {
                    if (operator.get("username").equals(old.get("username")) && old.hasNonNull("passwordBcrypt")) {
                        operator.set("passwordBcrypt", old.get("passwordBcrypt"));
                    }
                }
            }
        }
    }

    /** Replaces each key's {@code secret} by its {@code secretSha256}; a secret of the wrong length stays, for the check to refuse. */
    public static void hashKeySecrets(ObjectNode document) {
        for (ObjectNode key : objects(document, "apiKeys")) {
            String secret = text(key, "secret");
            if (secret != null && !key.hasNonNull("secretSha256")
                    && secret.length() >= KEY_SECRET_LENGTH_MIN && secret.length() <= KEY_SECRET_LENGTH_MAX) {
                key.remove("secret");
                key.put("secretSha256", Fingerprint.sha256(secret));
            }
        }
    }

    /**
     * Replaces each operator's {@code password} by a {@code passwordBcrypt}. When {@code previous}
     * (the stored form in force, or {@code null}) has a hash for the same username that this
     * password matches, that hash is kept, so applying the same document again changes nothing;
     * otherwise the hash is new, with a random salt.
     */
    public static void hashOperatorPasswords(ObjectNode document, ObjectNode previous) {
        for (ObjectNode operator : objects(document, "operators")) {
            String password = text(operator, "password");
            String username = text(operator, "username");
            if (password != null && username != null && password.length() >= OPERATOR_PASSWORD_LENGTH_MIN
                    && !operator.has("passwordBcrypt")) {
                operator.remove("password");
                operator.put("passwordBcrypt", previousHash(previous, username, password)
                        .orElseGet(() -> BCrypt.hashpw(password, BCrypt.gensalt(BCRYPT_COST, SALTS))));
            }
        }
    }

    private static Optional<String> previousHash(ObjectNode previous, String username, String password) {
        if (previous == null) {
            return Optional.empty();
        }
        return objects(previous, "operators").stream()
                .filter(old -> username.equals(text(old, "username")))
                .map(old -> text(old, "passwordBcrypt"))
                .filter(hash -> hash != null && matches(password, hash))
                .findFirst();
    }

    private static boolean matches(String password, String hash) {
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException notAHashBcryptReads) {
            return false;
        }
    }

    /** The stored form without anything secret: what {@code GET /v1/programs/{id}} answers. */
    public static ObjectNode redacted(ObjectNode stored) {
        ObjectNode copy = stored.deepCopy();
        for (ObjectNode key : objects(copy, "apiKeys")) {
            key.remove(List.of("secret", "secretSha256"));
        }
        if (copy.get("pointMaster") instanceof ObjectNode master && master.get("adjustmentsWebhook") instanceof ObjectNode hook) {
            hook.remove(WEBHOOK_SECRETS);
        }
        for (ObjectNode operator : objects(copy, "operators")) {
            operator.remove(List.of("password", "passwordBcrypt"));
        }
        if (copy.get("webhooks") instanceof ObjectNode hooks) {
            objects(hooks, "subscriptions").forEach(subscription -> subscription.remove("secret"));
        }
        return copy;
    }

    /** The objects in the list {@code name} of {@code document}; anything else there is left to the check. */
    private static List<ObjectNode> objects(ObjectNode document, String name) {
        if (!(document.get(name) instanceof ArrayNode items)) {
            return List.of();
        }
        return items.values().stream().filter(ObjectNode.class::isInstance).map(ObjectNode.class::cast).toList();
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isString() ? value.stringValue() : null;
    }
}
