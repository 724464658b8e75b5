package dev.laurel.redemption;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.Hold;
import dev.laurel.ledger.HoldChange;
import dev.laurel.ledger.HoldNotFound;
import dev.laurel.ledger.HoldPage;
import dev.laurel.ledger.HoldStatus;
import dev.laurel.ledger.PointHolds;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.programs.DefinitionPolicies;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.Purpose;
import dev.laurel.programs.Programs;
import dev.laurel.programs.UnknownDefinition;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Points as payment at the till, over the ledger's {@link PointHolds}: the points of a SPENDABLE definition Laurel
 * masters are held for a reference (an order at the till) for {@code expiresInSeconds}, then captured (wholly or in
 * part) or voided; a hold not captured in time is voided by the {@code hold-expiry} sweep.
 */
@Service
public class Holds {

    public static final int EXPIRES_IN_SECONDS_DEFAULT = 900;
    public static final int EXPIRES_IN_SECONDS_MIN = 30;
    public static final int EXPIRES_IN_SECONDS_MAX = 86_400;
    public static final long POINTS_MAX = 1_000_000_000_000L;
    public static final int REFERENCE_CHARS_MAX = 200;

    private final Programs programs;
    private final Members members;
    private final PointHolds holds;
    private final Clock clock;

    Holds(Programs programs, Members members, PointHolds holds, Clock clock) {
        this.programs = programs;
        this.members = members;
        this.holds = holds;
        this.clock = clock;
    }

    /** Holds {@code points} of the member's definition for {@code expiresInSeconds} (the caller has checked the bounds). */
    public HoldChange place(String programId, UUID memberId, int definitionId, long points, String reference, int expiresInSeconds) {
        if (points < 1 || points > POINTS_MAX || expiresInSeconds < EXPIRES_IN_SECONDS_MIN || expiresInSeconds > EXPIRES_IN_SECONDS_MAX) {
            throw new IllegalArgumentException("points " + points + " or expiresInSeconds " + expiresInSeconds + " out of bounds");
        }
        Program program = programs.get(programId);
        PointDefinition definition = program.definition(definitionId).orElseThrow(() -> new UnknownDefinition("definitionId", definitionId));
        if (definition.purpose() != Purpose.SPENDABLE) {
            throw RedemptionProblem.notSpendable(definitionId, "it is " + definition.purpose());
        }
        if (!definition.master()) {
            throw RedemptionProblem.notSpendable(definitionId, "it follows a point master, which owns its points");
        }
        members.get(programId, MemberId.of(memberId));
        return holds.place(programId, memberId, DefinitionPolicies.of(program, definition), points,
                clock.instant().plus(Duration.ofSeconds(expiresInSeconds)), "Held: " + reference, reference);
    }

    public Hold get(String programId, UUID holdId) {
        return holds.find(programId, holdId).orElseThrow(() -> new HoldNotFound(holdId.toString()));
    }

    /** Captures all of a pending hold ({@code points} null) or that many of its points; the rest goes back. */
    public HoldChange capture(String programId, UUID holdId, Long points) {
        Program program = programs.get(programId);
        return holds.capture(programId, holdId, points, d -> policy(program, d));
    }

    public HoldChange voidHold(String programId, UUID holdId) {
        Program program = programs.get(programId);
        return holds.voidHold(programId, holdId, d -> policy(program, d));
    }

    /** The member's holds, newest first, optionally of one status. */
    public HoldPage page(String programId, UUID memberId, HoldStatus status, HoldPage.Position after, int limit) {
        members.get(programId, MemberId.of(memberId));
        return holds.page(programId, memberId, status, after, limit);
    }

    private static DefinitionPolicy policy(Program program, int definitionId) {
        return Redemptions.policy(program, definitionId);
    }
}
