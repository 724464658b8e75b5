package dev.laurel.ledger.internal;

import dev.laurel.ledger.Actor;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.EntryKind;
import dev.laurel.ledger.EntryPage.LogPosition;
import dev.laurel.platform.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger's reads and locks: accounts, lots and entries. Every statement is scoped by program (and, on the hot
 * path, member). Writes are in {@link LedgerWrites}, the recomputing check in {@link LedgerChecks}.
 */
@Repository
public class LedgerStore {

    static final String ACCOUNT_COLUMNS =
            "program_id, member_id, definition_id, id, balance, pending, debt, lifetime_earned, lifetime_spent, expired, entry_count,"
            + " last_sync_at, last_sync_amount, held, last_activity_at, cap_totals::text as cap_totals";
    private static final String LOT_COLUMNS =
            "id, member_id, entry_id, definition_id, original, remaining, status, earned_at, valid_from, expires_at";
    /** {@link #ACCOUNT_COLUMNS}, each qualified with the alias {@code a}. */
    private static final String ACCOUNT_COLUMNS_OF_A = Arrays.stream(ACCOUNT_COLUMNS.split(", ?"))
            .map(column -> "a." + column.strip()).collect(Collectors.joining(", "));
    /** {@link #LOT_COLUMNS}, each qualified with the alias {@code l} (for queries that join lots to other rows). */
    private static final String LOT_COLUMNS_OF_L = Arrays.stream(LOT_COLUMNS.split(", "))
            .map(column -> "l." + column).collect(Collectors.joining(", "));
    private static final String ENTRY_COLUMNS = """
            e.id, e.transaction_id, e.member_id, e.definition_id, e.seq, e.kind, e.source, e.amount, e.description,
            e.reference, e.partner, e.actor::text as actor, e.occurred_at, e.recorded_at, e.valid_from, e.expires_at,
            e.reverses, e.capped_points, e.cap_reason, (e.lot_id is not null and e.kind in ('EARN', 'REVERSAL')
                         and exists (select 1 from lots l where l.program_id = e.program_id and l.member_id = e.member_id
                                     and l.definition_id = e.definition_id and l.id = e.lot_id and l.status = 'PENDING')) as pending
            """;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final JsonMapper json;

    LedgerStore(JdbcClient jdbc, NamedParameterJdbcTemplate named, JsonMapper json) {
        this.jdbc = jdbc;
        this.named = named;
        this.json = json;
    }

    /**
     * Locks the member's accounts of these definitions, creating those used for the first time, in definition order (the
     * fixed lock order): every account is locked in key order, existing or new, so two transactions never hold one each
     * of two accounts they both need. One account that exists (a single posting's case) is locked as it is, with no new
     * row version; several, or one used for the first time, by the ordered insert of the method below.
     */
    public Map<Integer, AccountState> lockAccounts(String programId, UUID memberId, Collection<Integer> definitionIds, Instant now) {
        Map<Integer, AccountState> accounts = new TreeMap<>();
        if (definitionIds.size() == 1) {
            // Locked as it is (the insert's no-op update writes a new row version), with the lock that update took. Only
            // for one account: locking those that exist first and creating the others after would break the key order.
            int definitionId = definitionIds.iterator().next();
            jdbc.sql("select " + ACCOUNT_COLUMNS + """
                     from point_accounts where program_id = :p and member_id = :m and definition_id = :d for no key update
                    """).param("p", programId).param("m", memberId).param("d", definitionId)
                    .query(LedgerStore::account).optional().ifPresent(a -> accounts.put(a.definitionId, a));
            if (!accounts.isEmpty()) {
                return accounts;
            }
        }
        List<UUID> members = definitionIds.stream().map(d -> memberId).toList();
        lockAccounts(programId, members, List.copyOf(definitionIds), now).forEach(a -> accounts.put(a.definitionId, a));
        return accounts;
    }

    /**
     * Locks the accounts (member i, definition i) of many members, creating those used for the first time, in one
     * statement and in (member, definition) order: the same order as one member's. An existing account is locked by
     * the conflict's no-op update, a new one by its insert, each as its turn in the order comes.
     */
    public List<AccountState> lockAccounts(String programId, List<UUID> memberIds, List<Integer> definitionIds, Instant now) {
        return jdbc.sql("""
                insert into point_accounts (program_id, member_id, definition_id, id, created_at, updated_at)
                select :p, k.m, k.d, gen_random_uuid(), :now, :now from unnest(:members::uuid[], :defs::integer[]) as k(m, d)
                 order by k.m, k.d
                on conflict (program_id, member_id, definition_id) do update set updated_at = point_accounts.updated_at
                returning\s""" + ACCOUNT_COLUMNS)
                .param("p", programId).param("members", memberIds.toArray(UUID[]::new))
                .param("defs", definitionIds.toArray(Integer[]::new)).param("now", Sql.ts(now)).query(LedgerStore::account).list();
    }

    /**
     * Due lots of many members' accounts, in one query: each account's own, looked up by its key (a lateral subquery
     * the planner cannot flatten: with the statistics of a table just loaded, it joined every due lot of the program to
     * the accounts, 0.6 s for 500 accounts out of 100,000 due lots).
     */
    public List<LotState> dueLots(String programId, List<UUID> memberIds, List<Integer> definitionIds, Instant now) {
        return jdbc.sql("select " + LOT_COLUMNS_OF_L + """
                 from unnest(:members::uuid[], :defs::integer[]) as k(m, d)
                 cross join lateral (select * from lots where program_id = :p and member_id = k.m and definition_id = k.d
                    and ((status = 'PENDING' and valid_from <= :now) or (status = 'ACTIVE' and remaining > 0 and expires_at <= :now))
                    offset 0) l
                """).param("p", programId).param("members", memberIds.toArray(UUID[]::new))
                .param("defs", definitionIds.toArray(Integer[]::new)).param("now", Sql.ts(now)).query(LedgerStore::lot).list();
    }

    /** The cached balance of many members' accounts of one definition, in one query; a member without one is left out. */
    public Map<UUID, Long> balances(String programId, int definitionId, Collection<UUID> memberIds) {
        Map<UUID, Long> balances = new HashMap<>();
        jdbc.sql("select member_id, balance from point_accounts where program_id = :p and definition_id = :d and member_id = any(:members::uuid[])")
                .param("p", programId).param("d", definitionId).param("members", memberIds.toArray(UUID[]::new))
                .query((rs, n) -> balances.put(rs.getObject("member_id", UUID.class), rs.getLong("balance"))).list();
        return balances;
    }

    /** The active lots with points left of many members' accounts of one definition that became active before {@code before}. */
    public List<LotState> activeLotsBefore(String programId, List<UUID> memberIds, int definitionId, Instant before) {
        return jdbc.sql("select " + LOT_COLUMNS + """
                 from lots where program_id = :p and member_id = any(:members::uuid[]) and definition_id = :d
                  and status = 'ACTIVE' and remaining > 0 and valid_from < :before
                """).param("p", programId).param("members", memberIds.toArray(UUID[]::new)).param("d", definitionId)
                .param("before", Sql.ts(before)).query(LedgerStore::lot).list();
    }

    /** Locks up to {@code limit} accounts that have lots due (to activate or expire), skipping accounts others hold. */
    public List<AccountState> claimDueAccounts(Optional<String> programId, Instant now, int limit) {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + """
                 from point_accounts
                where (program_id, member_id, definition_id) in (
                       select program_id, member_id, definition_id from lots
                        where status = 'PENDING' and valid_from <= :now and (:p::text is null or program_id = :p)
                       union
                       select program_id, member_id, definition_id from lots
                        where status = 'ACTIVE' and remaining > 0 and expires_at <= :now and (:p::text is null or program_id = :p))
                order by program_id, member_id, definition_id
                limit :limit
                for update skip locked
                """).param("now", Sql.ts(now)).param("p", programId.orElse(null)).param("limit", limit)
                .query(LedgerStore::account).list();
    }

    /**
     * The keys of up to {@code limit} accounts that have lots due now (to activate or expire), in key order: what one run
     * of the points sweep claims, batch by batch ({@link #claimAccounts}), reading the due lots once a run, not once a
     * batch.
     */
    public List<AccountKey> dueAccountKeys(Optional<String> programId, Instant now, int limit) {
        return jdbc.sql("""
                select program_id, member_id, definition_id from (
                       select program_id, member_id, definition_id from lots
                        where status = 'PENDING' and valid_from <= :now and (:p::text is null or program_id = :p)
                       union
                       select program_id, member_id, definition_id from lots
                        where status = 'ACTIVE' and remaining > 0 and expires_at <= :now and (:p::text is null or program_id = :p)) due
                 order by program_id, member_id, definition_id
                 limit :limit
                """).param("now", Sql.ts(now)).param("p", programId.orElse(null)).param("limit", limit)
                .query((rs, n) -> new AccountKey(rs.getString("program_id"), rs.getObject("member_id", UUID.class), rs.getInt("definition_id")))
                .list();
    }

    /** Locks these accounts in key order, skipping those another transaction holds; returns those locked. */
    public List<AccountState> claimAccounts(List<AccountKey> keys) {
        return jdbc.sql("select " + ACCOUNT_COLUMNS_OF_A + """
                 from point_accounts a join unnest(:p::text[], :m::uuid[], :d::integer[]) as k(p, m, d)
                   on a.program_id = k.p and a.member_id = k.m and a.definition_id = k.d
                order by a.program_id, a.member_id, a.definition_id
                for update of a skip locked
                """).param("p", keys.stream().map(AccountKey::programId).toArray(String[]::new))
                .param("m", keys.stream().map(AccountKey::memberId).toArray(UUID[]::new))
                .param("d", keys.stream().map(AccountKey::definitionId).toArray(Integer[]::new))
                .query(LedgerStore::account).list();
    }

    /**
     * The sweep's one statement over the due lots of locked accounts of one program (account i: member i, definition
     * i, {@code debtFree} i when it owes nothing). It reads every due lot of them, and activates in place the due
     * pending lots of each member whose lots need nothing but that: no account of theirs in debt (an activated lot
     * pays the debt first), no lot due to expire (expiry writes entries). What it activated comes back marked so;
     * the other members' due lots come back as they were, to be settled in Java.
     * <p>Its plan does not depend on the statistics of {@code lots} (stale after a large load, when a sweep is most
     * needed): each account's lots are read by its key (a lateral subquery the planner cannot flatten into a join
     * with every due lot of the program), and the update finds the rows it read by their {@code ctid} alone. Another
     * condition there (program, status) would let the planner scan an index of the program's pending lots instead,
     * testing each against the array: with statistics from before a load of 20,000 lots, 1.3 s for 500 accounts
     * against 0.09 s. The rows are the program's (read so), and still pending: their accounts are locked.
     */
    public List<DueLot> settleDueLots(String programId, List<UUID> memberIds, List<Integer> definitionIds, List<Boolean> debtFree,
            Instant now) {
        long[] activated = {-1};
        List<DueLot> due = jdbc.sql("""
                with due as materialized (
                     select l.*, k.free
                       from unnest(:members::uuid[], :defs::integer[], :free::boolean[]) as k(m, d, free)
                       cross join lateral (select ctid as row_id,\s""" + LOT_COLUMNS + """
                                            from lots where program_id = :p and member_id = k.m and definition_id = k.d
                                             and ((status = 'PENDING' and valid_from <= :now)
                                                  or (status = 'ACTIVE' and remaining > 0 and expires_at <= :now))
                                           offset 0) l),
                     settled as materialized (
                     select due.*, due.status = 'PENDING' and due.member_id not in (
                            select member_id from due where not free or status <> 'PENDING' or expires_at <= :now) as activate
                       from due),
                     activated as (
                     update lots l set status = 'ACTIVE'
                      where l.ctid = any(array(select row_id from settled where activate))
                     returning 1)
                select settled.*, (select count(*) from activated) as activated_count from settled
                """).param("p", programId).param("members", memberIds.toArray(UUID[]::new))
                .param("defs", definitionIds.toArray(Integer[]::new)).param("free", debtFree.toArray(Boolean[]::new))
                .param("now", Sql.ts(now)).query((rs, n) -> {
                    activated[0] = rs.getLong("activated_count");
                    return new DueLot(lot(rs, n), rs.getBoolean("activate"));
                }).list();
        long marked = due.stream().filter(DueLot::activated).count();
        if (!due.isEmpty() && activated[0] != marked) {
            throw new IllegalStateException("the sweep activated " + activated[0] + " lots of " + marked + " it read as due in program " + programId);
        }
        return due;
    }

    /** A due lot read by {@link #settleDueLots}, as it was before the statement; {@code activated} when it activated it. */
    public record DueLot(LotState lot, boolean activated) {}

    /**
     * Locks up to {@code limit} accounts of one definition that have points and have not earned or spent since
     * {@code cutoff} (inclusive), skipping accounts another transaction holds; their members, oldest activity first.
     */
    public List<UUID> claimInactive(String programId, int definitionId, Instant cutoff, int limit) {
        return jdbc.sql("""
                select member_id from point_accounts
                 where program_id = :p and definition_id = :d and balance > 0 and last_activity_at <= :cutoff
                 order by last_activity_at, member_id
                 limit :limit
                 for update skip locked
                """).param("p", programId).param("d", definitionId).param("cutoff", Sql.ts(cutoff)).param("limit", limit)
                .query(UUID.class).list();
    }

    /** The member's lots that are due now: pending ones whose time has come, active ones whose time has passed. */
    public List<LotState> dueLots(String programId, UUID memberId, Collection<Integer> definitionIds, Instant now) {
        return jdbc.sql("select " + LOT_COLUMNS + """
                 from lots where program_id = :p and member_id = :m and definition_id = any(:defs::integer[])
                  and ((status = 'PENDING' and valid_from <= :now) or (status = 'ACTIVE' and remaining > 0 and expires_at <= :now))
                """).param("p", programId).param("m", memberId).param("defs", definitionIds.toArray(Integer[]::new))
                .param("now", Sql.ts(now)).query(LedgerStore::lot).list();
    }

    /**
     * The next {@code limit} active lots with points left, in spending order, after {@code after}
     * (null for the first page): spending reads only as many lots as it needs.
     */
    public List<LotState> spendableLots(String programId, UUID memberId, int definitionId, LotState after, int limit) {
        String position;
        if (after == null) {
            position = "";
        } else if (after.expiresAt == null) {
            position = " and expires_at is null and (earned_at, id) > (:ab, :aid)";
        } else {
            position = " and (expires_at > :ae or expires_at is null or (expires_at = :ae and (earned_at, id) > (:ab, :aid)))";
        }
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("p", programId).addValue("m", memberId)
                .addValue("d", definitionId).addValue("limit", limit);
        if (after != null) {
            params.addValue("ae", Sql.ts(after.expiresAt)).addValue("ab", Sql.ts(after.earnedAt)).addValue("aid", after.id);
        }
        return named.query("select " + LOT_COLUMNS + " from lots where program_id = :p and member_id = :m and definition_id = :d"
                + " and status = 'ACTIVE' and remaining > 0" + position
                + " order by expires_at nulls last, earned_at, id limit :limit", params, LedgerStore::lot);
    }

    /**
     * The first {@code limit} spendable lots of each of many accounts (member i, definition i) in spending order, in one
     * query: what {@link #spendableLots(String, UUID, int, LotState, int)} reads first, for a batch's spends.
     */
    public List<LotState> spendableLots(String programId, List<UUID> memberIds, List<Integer> definitionIds, int limit) {
        return jdbc.sql("select " + LOT_COLUMNS_OF_L + """
                 from unnest(:members::uuid[], :defs::integer[]) as k(m, d)
                 cross join lateral (select * from lots where program_id = :p and member_id = k.m and definition_id = k.d
                                        and status = 'ACTIVE' and remaining > 0
                                      order by expires_at nulls last, earned_at, id limit :limit) l
                """).param("p", programId).param("members", memberIds.toArray(UUID[]::new))
                .param("defs", definitionIds.toArray(Integer[]::new)).param("limit", limit).query(LedgerStore::lot).list();
    }

    /** Due lots of claimed accounts, for the sweep. */
    public List<LotState> dueLots(String programId, UUID memberId, int definitionId, Instant now) {
        return jdbc.sql("select " + LOT_COLUMNS + """
                 from lots where program_id = :p and member_id = :m and definition_id = :d
                  and ((status = 'PENDING' and valid_from <= :now) or (status = 'ACTIVE' and remaining > 0 and expires_at <= :now))
                order by valid_from, id
                """).param("p", programId).param("m", memberId).param("d", definitionId).param("now", Sql.ts(now))
                .query(LedgerStore::lot).list();
    }

    public Optional<LotState> lot(String programId, UUID memberId, UUID lotId) {
        return jdbc.sql("select " + LOT_COLUMNS + " from lots where program_id = :p and member_id = :m and id = :id")
                .param("p", programId).param("m", memberId).param("id", lotId).query(LedgerStore::lot).optional();
    }

    public List<LotState> lots(String programId, UUID memberId, Collection<UUID> lotIds) {
        return jdbc.sql("select " + LOT_COLUMNS + " from lots where program_id = :p and member_id = :m and id = any(:ids::uuid[])")
                .param("p", programId).param("m", memberId).param("ids", lotIds.toArray(UUID[]::new))
                .query(LedgerStore::lot).list();
    }

    public Optional<Entry> entry(String programId, UUID memberId, UUID entryId) {
        return jdbc.sql("select " + ENTRY_COLUMNS + " from ledger_entries e where e.program_id = :p and e.member_id = :m and e.id = :id")
                .param("p", programId).param("m", memberId).param("id", entryId).query(this::entry).optional();
    }

    /** The lot of an entry, if it has one. */
    public Optional<UUID> lotOf(String programId, UUID memberId, UUID entryId) {
        return jdbc.sql("select lot_id from ledger_entries where program_id = :p and member_id = :m and id = :id")
                .param("p", programId).param("m", memberId).param("id", entryId).query(UUID.class).optional();
    }

    /**
     * What became of an earning's lot and of its earlier take-backs, read in one statement: points its lot lost to expiry,
     * points earlier reversals of the earning took from that lot, what those reversals took in all, and what earlier
     * take-backs settled without taking (expired, not recovered). See {@link TakeBackFigures}.
     */
    public TakeBackFigures takeBackFigures(String programId, UUID memberId, UUID earningId, UUID lotId) {
        return jdbc.sql("""
                select (select coalesce(sum(mv.amount), 0) from lot_movements mv
                          join ledger_entries x on x.program_id = mv.program_id and x.member_id = mv.member_id and x.id = mv.entry_id
                         where mv.program_id = :p and mv.member_id = :m and mv.lot_id = :lot and x.kind = 'EXPIRE') as expired,
                       (select coalesce(sum(mv.amount), 0) from lot_movements mv
                          join ledger_entries x on x.program_id = mv.program_id and x.member_id = mv.member_id and x.id = mv.entry_id
                         where mv.program_id = :p and mv.member_id = :m and mv.lot_id = :lot and x.reverses = :e) as from_lot,
                       (select coalesce(sum(-amount), 0) from ledger_entries
                         where program_id = :p and member_id = :m and reverses = :e) as reversed,
                       (select coalesce(sum(expired), 0) from take_backs
                         where program_id = :p and member_id = :m and earning_id = :e) as expired_settled,
                       (select coalesce(sum(not_recovered), 0) from take_backs
                         where program_id = :p and member_id = :m and earning_id = :e) as not_recovered
                """).param("p", programId).param("m", memberId).param("e", earningId).param("lot", lotId)
                .query((rs, n) -> new TakeBackFigures(rs.getLong("expired"), rs.getLong("from_lot"), rs.getLong("reversed"),
                        rs.getLong("expired_settled"), rs.getLong("not_recovered"))).single();
    }

    /** What earlier take-backs of an earning settled without taking points: expired, or not recovered. */
    public long settledWithoutTaking(String programId, UUID memberId, UUID earningId) {
        return jdbc.sql("""
                select coalesce(sum(expired + not_recovered), 0) from take_backs
                 where program_id = :p and member_id = :m and earning_id = :e
                """).param("p", programId).param("m", memberId).param("e", earningId).query(Long.class).single();
    }

    /** What earlier reversals of an entry gave back or took, in all. */
    public long reversedSoFar(String programId, UUID memberId, UUID entryId) {
        return jdbc.sql("select coalesce(sum(abs(amount)), 0) from ledger_entries where program_id = :p and member_id = :m and reverses = :id")
                .param("p", programId).param("m", memberId).param("id", entryId).query(Long.class).single();
    }

    /** Net points a spend still holds per lot: what it took minus what its reversals gave back. */
    public Map<UUID, Long> heldBySpend(String programId, UUID memberId, UUID spendId) {
        Map<UUID, Long> held = new LinkedHashMap<>();
        jdbc.sql("""
                select mv.lot_id, sum(mv.amount) as held from lot_movements mv
                 where mv.program_id = :p and mv.member_id = :m
                   and (mv.entry_id = :id or mv.entry_id in (
                        select id from ledger_entries where program_id = :p and member_id = :m and reverses = :id))
                 group by mv.lot_id having sum(mv.amount) > 0
                """).param("p", programId).param("m", memberId).param("id", spendId)
                .query((rs, n) -> held.put(rs.getObject("lot_id", UUID.class), rs.getLong("held"))).list();
        return held;
    }

    /**
     * For many entries at once (entry i of member i), what each still holds by lot, as {@link #heldBySpend} gives for
     * one: entry id to (lot id to points). An entry that holds nothing is absent.
     */
    public Map<UUID, Map<UUID, Long>> heldByEntries(String programId, List<UUID> memberIds, List<UUID> entryIds) {
        Map<UUID, Map<UUID, Long>> held = new HashMap<>();
        jdbc.sql("""
                select k.e as entry_id, mv.lot_id, sum(mv.amount) as held
                  from unnest(:members::uuid[], :entries::uuid[]) as k(m, e)
                  join lot_movements mv on mv.program_id = :p and mv.member_id = k.m
                   and (mv.entry_id = k.e or mv.entry_id in (
                        select id from ledger_entries where program_id = :p and member_id = k.m and reverses = k.e))
                 group by k.e, mv.lot_id having sum(mv.amount) > 0
                """).param("p", programId).param("members", memberIds.toArray(UUID[]::new))
                .param("entries", entryIds.toArray(UUID[]::new))
                .query((rs, n) -> held.computeIfAbsent(rs.getObject("entry_id", UUID.class), e -> new LinkedHashMap<>())
                        .put(rs.getObject("lot_id", UUID.class), rs.getLong("held"))).list();
        return held;
    }

    /** Lots of many members (lot i of member i), in one query. */
    public List<LotState> lotsOf(String programId, List<UUID> memberIds, List<UUID> lotIds) {
        return jdbc.sql("select " + LOT_COLUMNS_OF_L + """
                 from lots l join unnest(:members::uuid[], :ids::uuid[]) as k(m, id) on l.member_id = k.m and l.id = k.id
                where l.program_id = :p
                """).param("p", programId).param("members", memberIds.toArray(UUID[]::new)).param("ids", lotIds.toArray(UUID[]::new))
                .query(LedgerStore::lot).list();
    }

    /** What a spend took from lots (not from debt), and what its reversals gave back to lots. */
    public long[] spendLotTotals(String programId, UUID memberId, UUID spendId) {
        return jdbc.sql("""
                select coalesce(sum(mv.amount) filter (where mv.entry_id = :id), 0) as taken,
                       coalesce(-sum(mv.amount) filter (where mv.entry_id <> :id), 0) as returned
                  from lot_movements mv
                 where mv.program_id = :p and mv.member_id = :m
                   and (mv.entry_id = :id or mv.entry_id in (
                        select id from ledger_entries where program_id = :p and member_id = :m and reverses = :id))
                """).param("p", programId).param("m", memberId).param("id", spendId)
                .query((rs, n) -> new long[] {rs.getLong("taken"), rs.getLong("returned")}).single();
    }

    /** The member's accounts (unlocked), with their active points by expiry instant. */
    public List<AccountState> accounts(String programId, UUID memberId) {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + " from point_accounts where program_id = :p and member_id = :m order by definition_id")
                .param("p", programId).param("m", memberId).query(LedgerStore::account).list();
    }

    /** Active points by expiry instant, per definition (never-expiring points under a null instant). */
    public List<Object[]> expiring(String programId, UUID memberId) {
        return jdbc.sql("""
                select definition_id, expires_at, sum(remaining) as points from lots
                 where program_id = :p and member_id = :m and status = 'ACTIVE' and remaining > 0
                 group by definition_id, expires_at order by definition_id, expires_at nulls last
                """).param("p", programId).param("m", memberId)
                .query((rs, n) -> new Object[] {rs.getInt("definition_id"), Sql.instant(rs, "expires_at"), rs.getLong("points")})
                .list();
    }

    /** The member's entries, newest first, of the given definitions ({@code null}: of all; never empty). */
    public List<Entry> log(String programId, UUID memberId, Collection<Integer> definitionIds, LogPosition after, int limit) {
        StringBuilder sql = new StringBuilder("select " + ENTRY_COLUMNS + " from ledger_entries e where e.program_id = :p and e.member_id = :m");
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("p", programId).addValue("m", memberId);
        if (definitionIds != null) {
            sql.append(" and e.definition_id in (:d)");
            params.addValue("d", definitionIds);
        }
        if (after != null) {
            sql.append(" and (e.recorded_at, e.seq, e.definition_id) < (:at, :seq, :ad)");
            params.addValue("at", Sql.ts(after.recordedAt())).addValue("seq", after.seq()).addValue("ad", after.definitionId());
        }
        sql.append(" order by e.recorded_at desc, e.seq desc, e.definition_id desc limit :limit");
        params.addValue("limit", limit);
        return named.query(sql.toString(), params, this::entry);
    }

    /** Members whose cached balance of the definition is at least {@code atLeast}, in member-id order after {@code after}. */
    public List<UUID> membersWithBalance(String programId, int definitionId, long atLeast, UUID after, int limit) {
        return jdbc.sql("""
                select member_id from point_accounts
                 where program_id = :p and definition_id = :d and balance >= :atLeast
                   and (:after::uuid is null or member_id > :after)
                 order by member_id limit :limit
                """).param("p", programId).param("d", definitionId).param("atLeast", atLeast).param("after", after)
                .param("limit", limit).query(UUID.class).list();
    }

    static AccountState account(ResultSet rs, int row) throws SQLException {
        AccountState a = new AccountState(rs.getString("program_id"), rs.getObject("member_id", UUID.class), rs.getInt("definition_id"),
                rs.getObject("id", UUID.class), rs.getLong("balance"), rs.getLong("pending"), rs.getLong("debt"),
                rs.getLong("lifetime_earned"), rs.getLong("lifetime_spent"), rs.getLong("expired"), rs.getLong("entry_count"));
        a.lastSyncAt = Sql.instant(rs, "last_sync_at");
        a.lastSyncAmount = (Long) rs.getObject("last_sync_amount");
        a.held = rs.getLong("held");
        a.lastActivityAt = Sql.instant(rs, "last_activity_at");
        a.capTotals = CapTotals.read(rs.getString("cap_totals"));
        return a;
    }

    private static LotState lot(ResultSet rs, int row) throws SQLException {
        return new LotState(rs.getObject("id", UUID.class), rs.getObject("member_id", UUID.class), rs.getObject("entry_id", UUID.class),
                rs.getInt("definition_id"),
                rs.getLong("original"), rs.getLong("remaining"), LotStatus.valueOf(rs.getString("status")), Sql.instant(rs, "earned_at"),
                Sql.instant(rs, "valid_from"), Sql.instant(rs, "expires_at"), false);
    }

    private Entry entry(ResultSet rs, int row) throws SQLException {
        String actor = rs.getString("actor");
        return new Entry(rs.getObject("id", UUID.class), rs.getObject("transaction_id", UUID.class),
                rs.getObject("member_id", UUID.class), rs.getInt("definition_id"), rs.getLong("seq"),
                EntryKind.valueOf(rs.getString("kind")), rs.getString("source"), rs.getLong("amount"),
                rs.getString("description"), rs.getString("reference"), rs.getString("partner"),
                actor == null ? null : json.readValue(actor, Actor.class), Sql.instant(rs, "occurred_at"),
                Sql.instant(rs, "recorded_at"), Sql.instant(rs, "valid_from"), Sql.instant(rs, "expires_at"),
                rs.getObject("reverses", UUID.class), rs.getBoolean("pending"),
                rs.getLong("capped_points") == 0 ? null : rs.getLong("capped_points"), rs.getString("cap_reason"));
    }
}
