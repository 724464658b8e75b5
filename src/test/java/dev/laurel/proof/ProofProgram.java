package dev.laurel.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The program a proof test's nodes load from their {@code LAUREL_PROGRAMS_DIR}: an id and keys of its
 * own, one definition Laurel masters (partner awards and adjustments), one TRANSACTIONS follower
 * (Engage transaction syncs), one BALANCE follower (balance imports), and a point master whose webhook
 * is {@code pointMasterUrl} (adjustments on a follower definition go there).
 */
public record ProofProgram(String id, String adminKey, String partnerKey) {

    public static final int MASTER = 1;
    public static final int TRANSACTIONS = 2;
    public static final int BALANCE = 3;
    public static final String PARTNER = "Partner";
    /** Purchases earn this many points per whole unit on the MASTER definition (no escrow: active at once). */
    public static final int POINTS_PER_UNIT = 2;
    public static final String WEBHOOK_KEY = "0123456789abcdef0123456789abcdef";

    public static ProofProgram create(String test) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return new ProofProgram("proof-" + test + "-" + suffix, "proof-admin-" + UUID.randomUUID(), "proof-partner-" + UUID.randomUUID());
    }

    /** The program's SessionM {@code appKey} (the path segment of {@code /priv/v1/apps/{appKey}/...}). */
    public String appKey() {
        return id + "-app";
    }

    /** Writes the program document into {@code dir} (a node's {@code LAUREL_PROGRAMS_DIR}). */
    public Path write(Path dir, String pointMasterUrl) {
        String yaml = """
                id: %s
                name: Proof program
                timezone: Europe/Stockholm
                apiKeys:
                  - name: middleware
                    secret: %s
                    scopes: [admin]
                  - name: partner
                    secret: %s
                    scopes: [partner]
                sessionm:
                  appKey: %s
                  retailerId: 66f9b3f2-7770-4dca-ac8e-2a1ef7e8e54b
                earning:
                  pointsPerCurrencyUnit: %d
                pointDefinitions:
                  - { id: %d, name: Points, purpose: SPENDABLE }
                  - { id: %d, name: Synced points, purpose: SPENDABLE, follower: TRANSACTIONS }
                  - { id: %d, name: Balance points, purpose: SPENDABLE, follower: BALANCE }
                partners: [%s]
                partnerPointDefinition: %d
                pointMaster:
                  historyUrl: %s/fetchPointHistory?id={contactId}
                  adjustmentsWebhook:
                    url: %s/webhooks/points
                    encryptionKey: %s
                """.formatted(id, adminKey, partnerKey, appKey(), POINTS_PER_UNIT, MASTER, TRANSACTIONS, BALANCE, PARTNER, MASTER, pointMasterUrl, pointMasterUrl,
                WEBHOOK_KEY);
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(id + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
