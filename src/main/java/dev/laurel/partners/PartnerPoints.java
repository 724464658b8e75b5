package dev.laurel.partners;

import dev.laurel.programs.DefinitionPolicies;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.LedgerTransaction;
import dev.laurel.ledger.PostedEntry;
import dev.laurel.ledger.Posting;
import dev.laurel.members.MemberNotFound;
import dev.laurel.partners.internal.PartnerStore;
import dev.laurel.platform.DatabaseFailures;
import dev.laurel.platform.Transactions;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Programs;
import java.security.SecureRandom;
import java.util.List;
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
    private final Transactions transactions;

    PartnerPoints(Programs programs, Ledger ledger, PartnerStore store, Transactions transactions) {
        this.programs = programs;
        this.ledger = ledger;
        this.store = store;
        this.transactions = transactions;
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
        Posting posting = Posting.of(memberId, DefinitionPolicies.of(program, definition), points, SOURCE,
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

    private PartnerTransaction award(String programId, UUID memberId, String partner, long points, String reference, Posting posting) {
        return transactions.write(status -> {
            LedgerTransaction posted = ledger.post(programId, List.of(posting));
            PostedEntry entry = posted.entries().get(0);
            for (int attempt = 1; attempt <= SHORT_ID_ATTEMPTS_MAX; attempt++) {
                String shortId = shortId();
                // A clash is one chance in 36^16 per pair: draw again, a bounded number of times.
                if (store.insert(programId, memberId, posted.id(), shortId, partner, reference, points, entry.entry().id(),
                        posted.recordedAt())) {
                    return new PartnerTransaction(posted.id(), shortId, memberId, partner, reference, points,
                            posted.recordedAt(), entry.impactedBuckets());
                }
            }
            throw new IllegalStateException("no unused short id after " + SHORT_ID_ATTEMPTS_MAX + " draws");
        });
    }

    static String shortId() {
        char[] id = new char[SHORT_ID_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = SHORT_ID_ALPHABET[RANDOM.nextInt(SHORT_ID_ALPHABET.length)];
        }
        return new String(id);
    }
}
