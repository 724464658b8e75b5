package dev.laurel.earning;

import dev.laurel.ledger.Actor;
import java.util.UUID;

/**
 * A manual or automated change of a member's points: {@code source} is {@code Manual} (with the
 * user in {@code actor}) or {@code Automation} (with reason, process and workflow).
 */
public record Adjustment(UUID memberId, int definitionId, long amount, String description, String source, Actor actor) {

    public static final String MANUAL = "Manual";
    public static final String AUTOMATION = "Automation";
}
