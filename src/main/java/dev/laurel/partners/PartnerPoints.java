package dev.laurel.partners;

import dev.laurel.programs.DefinitionPolicies;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.LedgerTransaction;
import dev.laurel.ledger.Posting;
import dev.laurel.members.MemberNotFound;
import dev.laurel.partners.internal.PartnerStore;
import dev.laurel.platform.DatabaseFailures;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Programs;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Points a partner (a gamification partner such as Brame) awards or deducts: to the program's
 * partner definition, with source {@code Partner}, the partner and reference recorded, and the
 * definition's expiry policy.
 */
@Service
public class PartnerPoints {

    public static final String SOURCE = "Partner";
    public static final int LISTED_MAX = 1000;
    public static final int REFERENCE_CHARS_MAX = 500;
    public static final long POINTS_MAX = 1_000_000_000L;
    /** No partner is named longer: a program document's partner names are at most this long. */
    public static final int PARTNER_CHARS_MAX = 64;
    static final int SHORT_ID_LENGTH = 16;
    static final int SHORT_ID_ATTEMPTS_MAX = 5;
    private static final char[] SHORT_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Programs programs;
    private final Ledger ledger;
    private final PartnerStore store;
    /** One instance, so that awards committed together are recorded together. */
    private final Ledger.AlsoWritten<Award, PartnerTransaction> recorded = this::record;

    PartnerPoints(Programs programs, Ledger ledger, PartnerStore store) {
        this.programs = programs;
        this.ledger = ledger;
        this.store = store;
    }

    /**
     * Awards ({@code points > 0}) or deducts ({@code points < 0}) a member's points for a partner.
     * A deduction larger than the balance is refused and changes nothing.
     */
    /**
     * Up to {@code limit} (1 to {@link #LISTED_MAX}) of the member's partner transactions after {@code afterId} (null:
     * from the first), by id; their buckets are not listed (the ledger's entries say what each changed).
     */
    public List<PartnerTransaction> ofMember(String programId, UUID memberId, UUID afterId, int limit) {
        if (limit < 1 || limit > LISTED_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + LISTED_MAX);
        }
        return store.ofMember(programId, memberId, afterId, limit);
    }

    public PartnerTransaction apply(String programId, UUID memberId, String partner, Long points, String reference) {
        Program program = programs.get(programId);
        Validation v = new Validation();
        if (points == null) {
            v.add("points", "is required");
        } else if (points == 0) {
            v.add("points", "must not be zero: positive awards, negative deducts");
        } else if (Math.abs(points) > POINTS_MAX) {
            v.add("points", "must be between -" + POINTS_MAX + " and " + POINTS_MAX);
        }
        if (reference == null || reference.isBlank()) {
            v.add("reference", "is required");
        } else if (reference.length() > REFERENCE_CHARS_MAX) {
            v.add("reference", "must be at most " + REFERENCE_CHARS_MAX + " characters");
        }
        if (partner == null || partner.isBlank()) {
            v.add("partner", "is required");
        }
        v.throwIfInvalid();
        if (!program.partners().contains(partner)) {
            throw new UnknownPartner(partner, program.partners());
        }
        PointDefinition definition = program.partnerDefinition().orElseThrow(
                () -> new IllegalStateException("program " + programId + " has partners but no partner point definition"));
        Posting posting = Posting.of(memberId, DefinitionPolicies.capped(program, definition), points, SOURCE,
                (points > 0 ? "Points from " : "Points taken by ") + partner).withPartner(partner).withReference(reference);
        try {
            return award(programId, memberId, partner, points, reference, posting);
        } catch (RuntimeException e) {
            // The member is checked by the write itself: the account's insert refers to it (one round trip fewer).
            if (DatabaseFailures.isMissingMember(e)) {
                throw new MemberNotFound(memberId.toString());
            }
            throw e;
        }
    }

    /** What a partner transaction records besides its ledger transaction. */
    private record Award(UUID memberId, String partner, String reference, long points) {}

    /**
     * Posts the award and records its partner transaction in the same transaction; awards to one member that arrive
     * together are committed together (the ledger's group commit), their partner transactions written in one statement.
     */
    private PartnerTransaction award(String programId, UUID memberId, String partner, long points, String reference, Posting posting) {
        return ledger.post(programId, posting, new Award(memberId, partner, reference, points), recorded);
    }

    /** The partner transactions of posted awards, in one statement; a short id that clashes is drawn again, a bounded number of times. */
    private List<PartnerTransaction> record(String programId, List<Award> awards, List<LedgerTransaction> posted) {
        List<PartnerStore.Row> rows = new ArrayList<>();
        for (int i = 0; i < awards.size(); i++) {
            Award a = awards.get(i);
            LedgerTransaction t = posted.get(i);
            rows.add(new PartnerStore.Row(a.memberId(), t.id(), shortId(), a.partner(), a.reference(), a.points(),
                    t.entries().get(0).entry().id(), t.recordedAt()));
        }
        Map<UUID, String> shortIds = new HashMap<>();
        List<PartnerStore.Row> left = rows;
        // A clash is one chance in 36^16 per pair: draw again, a bounded number of times.
        for (int attempt = 1; attempt <= SHORT_ID_ATTEMPTS_MAX && !left.isEmpty(); attempt++) {
            Set<UUID> inserted = store.insertAll(programId, left);
            left.stream().filter(r -> inserted.contains(r.id())).forEach(r -> shortIds.put(r.id(), r.shortId()));
            left = left.stream().filter(r -> !inserted.contains(r.id())).map(r -> r.withShortId(shortId())).toList();
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("no unused short id after " + SHORT_ID_ATTEMPTS_MAX + " draws");
        }
        List<PartnerTransaction> transactions = new ArrayList<>();
        for (int i = 0; i < awards.size(); i++) {
            Award a = awards.get(i);
            LedgerTransaction t = posted.get(i);
            Entry entry = t.entries().get(0).entry();
            transactions.add(new PartnerTransaction(t.id(), shortIds.get(t.id()), a.memberId(), a.partner(), a.reference(), a.points(),
                    t.recordedAt(), t.entries().get(0).impactedBuckets(), entry.cappedPoints() == null ? 0 : entry.cappedPoints(),
                    entry.capReason()));
        }
        return transactions;
    }

    static String shortId() {
        char[] id = new char[SHORT_ID_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = SHORT_ID_ALPHABET[RANDOM.nextInt(SHORT_ID_ALPHABET.length)];
        }
        return new String(id);
    }
}
