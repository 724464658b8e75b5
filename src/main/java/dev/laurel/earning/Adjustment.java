package dev.laurel.earning;

import dev.laurel.ledger.Actor;
import java.util.UUID;

/**
 * A manual or automated change of a member's points: {@code source} is {@code Manual} (with the
 * user in {@code actor}) or {@code Automation} (with reason, process and workflow). {@code description}
 * is the member's to read; {@code note} (optional) is for operators only and never reaches a member's page.
 */
public record Adjustment(UUID memberId, int definitionId, long amount, String description, String source, Actor actor, String note) {

    public static final String MANUAL = "Manual";
    public static final String AUTOMATION = "Automation";

    /** An adjustment without an internal note. */
    public Adjustment(UUID memberId, int definitionId, long amount, String description, String source, Actor actor) {
        this(memberId, definitionId, amount, description, source, actor, null);
    }
}
