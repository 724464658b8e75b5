package dev.laurel.earning;

import dev.laurel.ledger.Bucket;
import dev.laurel.ledger.PointAccount;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.Purpose;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One member's points, as every page and dialect shows them: one account per point definition of
 * the program, in the document's order (zeros where the member has no account yet), and the
 * program-level figures, each with one meaning:
 *
 * <ul>
 *   <li>{@code availablePoints}: what the member can spend, as the program's {@code availablePoints}
 *       setting says: the active balance of every SPENDABLE definition, plus their pending (escrow)
 *       points under {@code SPENDABLE_PLUS_ESCROW}. SessionM's {@code user.available_points}.
 *   <li>{@code totalPoints}: the active balance of every definition, spendable and tier-qualifying
 *       alike; pending points are not in it (they sit in the escrow accounts). SessionM's
 *       {@code point_account_balances.summary.total_points}.
 *   <li>{@code lifetimePoints}: everything ever earned, over every definition. SessionM's
 *       {@code summary.life_time_points}.
 *   <li>{@code pendingPoints}: the pending points of the SPENDABLE definitions: on the way, not yet
 *       spendable.
 *   <li>{@code expiringSoon}: active points of the SPENDABLE definitions that expire within
 *       {@link #EXPIRING_SOON_DAYS} days, by date (in the program's zone), earliest first.
 * </ul>
 */
public record PointsOverview(List<Account> accounts, long availablePoints, long totalPoints, long lifetimePoints,
        long pendingPoints, List<Bucket> expiringSoon) {

    public static final int EXPIRING_SOON_DAYS = 60;

    /** What an escrow account is called when its definition does not name it: the definition's name and this. */
    public static final String ESCROW_SUFFIX = " Escrow";

    public PointsOverview {
        accounts = List.copyOf(accounts);
        expiringSoon = List.copyOf(expiringSoon);
    }

    /** The balance of the member's account of {@code definitionId}: 0 when the program has no such definition. */
    public long balance(int definitionId) {
        return accounts.stream().filter(a -> a.definitionId() == definitionId).mapToLong(Account::balance).findFirst().orElse(0);
    }

    /**
     * A member's account of one definition. {@code accountId} is null while the member has none;
     * {@code held} is what pending holds took out of the balance (neither in it nor spendable);
     * {@code expiring} is the active points by the date they expire (points that never expire are
     * left out); {@code escrowAccountName} is null when the definition has no escrow.
     */
    public record Account(PointDefinition definition, UUID accountId, long balance, long pending, long held, long lifetimeEarned,
            long lifetimeSpent, long expired, List<Bucket> expiring, String escrowAccountName) {

        public Account {
            expiring = List.copyOf(expiring);
        }

        public int definitionId() {
            return definition.id();
        }

        public String name() {
            return definition.name();
        }

        public Purpose purpose() {
            return definition.purpose();
        }

        /** How the definition follows a point master; null when Laurel masters it. */
        public FollowerMode follower() {
            return definition.follower();
        }

        public boolean followsPointMaster() {
            return !definition.master();
        }

        public boolean spendable() {
            return PointsOverview.spendable(definition);
        }
    }

    /** The overview of {@code accounts} (the member's accounts that exist) as of {@code today} in the program's zone. */
    public static PointsOverview of(Program program, List<PointAccount> accounts, LocalDate today) {
        Map<Integer, PointAccount> byDefinition = accounts.stream()
                .collect(Collectors.toMap(PointAccount::definitionId, Function.identity()));
        LocalDate soon = today.plusDays(EXPIRING_SOON_DAYS);
        boolean escrowIsAvailable = program.availablePoints() == Program.AvailablePoints.SPENDABLE_PLUS_ESCROW;
        List<Account> lines = new ArrayList<>();
        TreeMap<LocalDate, Long> expiringSoon = new TreeMap<>();
        long available = 0;
        long total = 0;
        long lifetime = 0;
        long pending = 0;
        for (PointDefinition d : program.pointDefinitions()) {
            PointAccount a = byDefinition.getOrDefault(d.id(), PointAccount.empty(d.id()));
            List<Bucket> expiring = a.expiring().stream().filter(b -> b.expirationDate() != null).toList();
            lines.add(new Account(d, a.id(), a.balance(), a.pending(), a.held(), a.lifetimeEarned(), a.lifetimeSpent(), a.expired(), expiring,
                    escrowAccountName(d)));
            total = Math.addExact(total, a.balance());
            lifetime = Math.addExact(lifetime, a.lifetimeEarned());
            if (spendable(d)) {
                available = Math.addExact(available, escrowIsAvailable ? Math.addExact(a.balance(), a.pending()) : a.balance());
                pending = Math.addExact(pending, a.pending());
                expiring.stream().filter(b -> !b.expirationDate().isAfter(soon))
                        .forEach(b -> expiringSoon.merge(b.expirationDate(), b.points(), Math::addExact));
            }
        }
        List<Bucket> soonest = expiringSoon.entrySet().stream().map(e -> new Bucket(e.getKey(), e.getValue())).toList();
        return new PointsOverview(lines, available, total, lifetime, pending, soonest);
    }

    /** The name of a definition's escrow account (where its pending points sit), or null when it has no escrow. */
    public static String escrowAccountName(PointDefinition d) {
        if (d.escrow() == null) {
            return null;
        }
        return d.escrow().accountName() != null ? d.escrow().accountName() : d.name() + ESCROW_SUFFIX;
    }

    static boolean spendable(PointDefinition d) {
        return d.purpose() == Purpose.SPENDABLE;
    }
}
