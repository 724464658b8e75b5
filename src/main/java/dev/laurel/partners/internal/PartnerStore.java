package dev.laurel.partners.internal;

import dev.laurel.platform.Sql;
import dev.laurel.platform.WriteBehind;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for partner transactions. */
@Repository
public class PartnerStore {

    private final JdbcClient jdbc;
    private final WriteBehind writes;

    PartnerStore(JdbcClient jdbc, WriteBehind writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /** A partner transaction to insert. */
    public record Row(UUID memberId, UUID id, String shortId, String partner, String reference, long points, UUID entryId,
            Instant createdAt) {
        public Row withShortId(String other) {
            return new Row(memberId, id, other, partner, reference, points, entryId, createdAt);
        }
    }

    /**
     * Inserts the rows in one statement; returns the ids of those written (a row whose short id is taken, in the program's
     * {@code member_keys} directory or by an earlier row of the batch, is not).
     */
    public Set<UUID> insertAll(String programId, List<Row> rows) {
        return new HashSet<>(writes.query("""
                with r as (
                    select * from unnest(:m::uuid[], :id::uuid[], :shortId::text[], :partner::text[], :reference::text[],
                                         :points::bigint[], :entry::uuid[], :at::timestamptz[])
                                  as r(m, id, short_id, partner, reference, points, entry, at)),
                claimed as (
                    insert into member_keys (program_id, kind, value, member_id)
                    select distinct on (r.short_id) :p, 'PARTNER_TRANSACTION', r.short_id, r.m from r order by r.short_id, r.id
                    on conflict do nothing
                    returning value)
                insert into partner_transactions (program_id, member_id, id, short_id, partner, reference, points, entry_id, created_at)
                select :p, r.m, r.id, r.short_id, r.partner, r.reference, r.points, r.entry, r.at
                  from (select distinct on (short_id) * from r order by short_id, id) r join claimed c on c.value = r.short_id
                returning id
                """, new MapSqlParameterSource().addValue("p", programId)
                .addValue("m", Sql.column(rows, Row::memberId, UUID[]::new))
                .addValue("id", Sql.column(rows, Row::id, UUID[]::new))
                .addValue("shortId", Sql.column(rows, Row::shortId, String[]::new))
                .addValue("partner", Sql.column(rows, Row::partner, String[]::new))
                .addValue("reference", Sql.column(rows, Row::reference, String[]::new))
                .addValue("points", Sql.column(rows, Row::points, Long[]::new))
                .addValue("entry", Sql.column(rows, Row::entryId, UUID[]::new))
                .addValue("at", Sql.column(rows, r -> Sql.text(r.createdAt()), String[]::new))
                .getValues(), (rs, n) -> rs.getObject(1, UUID.class)));
    }

    /**
     * Up to {@code limit} of the member's partner transactions after id {@code after} (null: from the first), by id, each
     * with what an earning cap withheld of it (from its ledger entry).
     */
    public java.util.List<dev.laurel.partners.PartnerTransaction> ofMember(String programId, UUID memberId, UUID after, int limit) {
        return jdbc.sql("""
                select t.id, t.short_id, t.partner, t.reference, t.points, t.created_at, e.capped_points, e.cap_reason
                  from partner_transactions t
                  left join ledger_entries e on e.program_id = t.program_id and e.member_id = t.member_id and e.id = t.entry_id
                 where t.program_id = :p and t.member_id = :m and (:after::uuid is null or t.id > :after) order by t.id limit :limit
                """).param("p", programId).param("m", memberId).param("after", after).param("limit", limit)
                .query((rs, n) -> new dev.laurel.partners.PartnerTransaction(rs.getObject("id", UUID.class), rs.getString("short_id"),
                        memberId, rs.getString("partner"), rs.getString("reference"), rs.getLong("points"),
                        Sql.instant(rs, "created_at"), java.util.List.of(), rs.getLong("capped_points"), rs.getString("cap_reason")))
                .list();
    }
}
