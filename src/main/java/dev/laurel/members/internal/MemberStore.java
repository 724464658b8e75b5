package dev.laurel.members.internal;

import dev.laurel.members.Identifier;
import dev.laurel.members.Member;
import dev.laurel.members.MemberErasure;
import dev.laurel.members.MemberId;
import dev.laurel.members.MemberQuery;
import dev.laurel.platform.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for members and their identifiers; every statement is scoped by {@code program_id}. */
@Repository
public class MemberStore {

    private static final String COLUMNS = """
            m.id, m.external_id, m.email, m.mobile_number, m.first_name, m.last_name, m.gender, m.dob,
            m.address, m.address2, m.city, m.zip, m.state, m.country, m.opted_in, m.attributes::text as attributes,
            m.created_at, m.updated_at,
            (select coalesce(jsonb_agg(jsonb_build_object('type', i.type, 'value', i.value) order by i.position), '[]'::jsonb)
               from member_identifiers i where i.program_id = m.program_id and i.member_id = m.id)::text as identifiers
            """;

    private static final TypeReference<LinkedHashMap<String, Object>> ATTRIBUTES = new TypeReference<>() {};
    private static final TypeReference<List<Identifier>> IDENTIFIERS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    MemberStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public boolean exists(String programId, MemberId id) {
        return jdbc.sql("select exists (select 1 from members where program_id = :p and id = :id)")
                .param("p", programId).param("id", id.value()).query(Boolean.class).single();
    }

    public Set<UUID> existing(String programId, Collection<UUID> ids) {
        return new HashSet<>(jdbc.sql("select id from members where program_id = :p and id = any(:ids::uuid[])")
                .param("p", programId).param("ids", ids.toArray(UUID[]::new)).query(UUID.class).list());
    }

    public Optional<Member> find(String programId, MemberId id, boolean forUpdate) {
        return jdbc.sql("select " + COLUMNS + " from members m where m.program_id = :p and m.id = :id"
                        + (forUpdate ? " for update of m" : ""))
                .param("p", programId).param("id", id.value()).query(this::member).optional();
    }

    /** A member and, when their personal data was erased, who erased them and when. */
    public record Found(Member member, Optional<MemberErasure> erasure) {}

    /** The member with their erasure, if any, in one query. */
    public Optional<Found> findWithErasure(String programId, MemberId id) {
        return jdbc.sql("select " + COLUMNS + ", er.erased_at as erasure_at, er.erased_by as erasure_by from members m"
                        + " left join member_erasures er on er.program_id = m.program_id and er.member_id = m.id"
                        + " where m.program_id = :p and m.id = :id")
                .param("p", programId).param("id", id.value())
                .query((rs, n) -> new Found(member(rs, n), rs.getString("erasure_by") == null ? Optional.empty()
                        : Optional.of(new MemberErasure(id, Sql.instant(rs, "erasure_at"), rs.getString("erasure_by")))))
                .optional();
    }

    public void insert(String programId, Member m) {
        jdbc.sql("""
                insert into members (program_id, id, external_id, email, mobile_number, first_name, last_name, gender, dob,
                                     address, address2, city, zip, state, country, opted_in, attributes, created_at, updated_at)
                values (:p, :id, :externalId, :email, :mobile, :firstName, :lastName, :gender, :dob,
                        :address, :address2, :city, :zip, :state, :country, :optedIn, :attributes::jsonb, :createdAt, :updatedAt)
                """).params(params(programId, m)).update();
        claimKeys(programId, m.id(), keys(m));
        insertIdentifiers(programId, m);
    }

    /**
     * A value that names one member of the program (its external id, an identifier) as a row of the {@code member_keys}
     * directory, which keeps it unique across the program's members (a member-owned table can only keep values unique
     * within its member once sharded by member: docs/scaling.md).
     */
    record Key(String kind, String name, String value) {}

    static List<Key> keys(Member m) {
        List<Key> keys = new ArrayList<>();
        if (m.externalId() != null) {
            keys.add(new Key("EXTERNAL_ID", "", m.externalId()));
        }
        m.identifiers().forEach(i -> keys.add(new Key("IDENTIFIER", i.type(), i.value())));
        return keys;
    }

    /**
     * Writes the member's keys; a key another member holds (a race the caller's checks could not see) is a
     * {@link DuplicateKeyException} naming its kind, and the caller's transaction rolls back.
     */
    private void claimKeys(String programId, MemberId id, List<Key> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<Key> claimed = jdbc.sql("""
                insert into member_keys (program_id, kind, name, value, member_id)
                select :p, k.kind, k.name, k.value, :m from unnest(:kinds::text[], :names::text[], :values::text[]) as k(kind, name, value)
                on conflict do nothing
                returning kind, name, value
                """).param("p", programId).param("m", id.value())
                .param("kinds", keys.stream().map(Key::kind).toArray(String[]::new))
                .param("names", keys.stream().map(Key::name).toArray(String[]::new))
                .param("values", keys.stream().map(Key::value).toArray(String[]::new))
                .query((rs, n) -> new Key(rs.getString("kind"), rs.getString("name"), rs.getString("value"))).list();
        keys.stream().filter(k -> !claimed.contains(k)).findFirst().ifPresent(taken -> {
            throw new DuplicateKeyException("member_keys " + taken.kind() + " taken");
        });
    }

    private void releaseKeys(String programId, MemberId id, List<Key> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.sql("""
                delete from member_keys k
                 using unnest(:kinds::text[], :names::text[], :values::text[]) as r(kind, name, value)
                 where k.program_id = :p and k.kind = r.kind and k.name = r.name and k.value = r.value and k.member_id = :m
                """).param("p", programId).param("m", id.value())
                .param("kinds", keys.stream().map(Key::kind).toArray(String[]::new))
                .param("names", keys.stream().map(Key::name).toArray(String[]::new))
                .param("values", keys.stream().map(Key::value).toArray(String[]::new))
                .update();
    }

    public void update(String programId, Member before, Member m) {
        List<Key> was = keys(before);
        List<Key> is = keys(m);
        releaseKeys(programId, m.id(), was.stream().filter(k -> !is.contains(k)).toList());
        claimKeys(programId, m.id(), is.stream().filter(k -> !was.contains(k)).toList());
        boolean identifiersChanged = !m.identifiers().equals(before.identifiers());
        jdbc.sql("""
                update members set external_id = :externalId, email = :email, mobile_number = :mobile,
                       first_name = :firstName, last_name = :lastName, gender = :gender, dob = :dob,
                       address = :address, address2 = :address2, city = :city, zip = :zip, state = :state,
                       country = :country, opted_in = :optedIn, attributes = :attributes::jsonb, updated_at = :updatedAt
                where program_id = :p and id = :id
                """).params(params(programId, m)).update();
        if (identifiersChanged) {
            jdbc.sql("delete from member_identifiers where program_id = :p and member_id = :id")
                    .param("p", programId).param("id", m.id().value()).update();
            insertIdentifiers(programId, m);
        }
    }

    private void insertIdentifiers(String programId, Member m) {
        if (m.identifiers().isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into member_identifiers (program_id, member_id, position, type, value)
                select :p, :id, i.position - 1, i.type, i.value
                from unnest(:types::text[], :values::text[]) with ordinality as i(type, value, position)
                """).param("p", programId).param("id", m.id().value())
                .param("types", m.identifiers().stream().map(Identifier::type).toArray(String[]::new))
                .param("values", m.identifiers().stream().map(Identifier::value).toArray(String[]::new))
                .update();
    }

    public boolean externalIdTakenByOther(String programId, String externalId, MemberId self) {
        return jdbc.sql("""
                select exists (select 1 from member_keys
                                where program_id = :p and kind = 'EXTERNAL_ID' and name = '' and value = :e and member_id <> :id)
                """)
                .param("p", programId).param("e", externalId).param("id", self.value()).query(Boolean.class).single();
    }

    public List<Identifier> identifiersTakenByOther(String programId, List<Identifier> identifiers, MemberId self) {
        if (identifiers.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select k.name as type, k.value from member_keys k
                join unnest(:types::text[], :values::text[]) as w(type, value) on w.type = k.name and w.value = k.value
                where k.program_id = :p and k.kind = 'IDENTIFIER' and k.member_id <> :id
                """).param("p", programId).param("id", self.value())
                .param("types", identifiers.stream().map(Identifier::type).toArray(String[]::new))
                .param("values", identifiers.stream().map(Identifier::value).toArray(String[]::new))
                .query((rs, n) -> new Identifier(rs.getString("type"), rs.getString("value"))).list()
                .stream().sorted(Comparator.comparingInt(identifiers::indexOf)).toList();
    }

    /** One page (plus one row, to tell whether there is a next page), ordered by id. */
    public List<Member> search(String programId, MemberQuery q) {
        SearchSql search = searchSql(programId, q);
        return jdbc.sql(search.sql()).params(search.params()).query(this::member).list();
    }

    /** A search's SQL and its named parameters, in the order they appear. */
    record SearchSql(String sql, Map<String, Object> params) {}

    /**
     * Each filter is written as its index is (issue 14): {@code lower(email)}, {@code mobile_number}, {@code external_id},
     * each index on {@code (program_id, value, id)} and partial on {@code value is not null}, which the query says too,
     * so that the index gives the rows already in the page's id order, whatever plan the statement is prepared with.
     */
    static SearchSql searchSql(String programId, MemberQuery q) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from members m where m.program_id = :p and m.erased_at is null");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("p", programId);
        if (q.email() != null) {
            sql.append(" and m.email is not null and lower(m.email) = lower(:email)");
            params.put("email", q.email());
        }
        if (q.externalId() != null) {
            sql.append(" and m.id in (select k.member_id from member_keys k where k.program_id = :p and k.kind = 'EXTERNAL_ID'"
                    + " and k.name = '' and k.value = :externalId)");
            params.put("externalId", q.externalId());
        }
        if (q.mobileNumber() != null) {
            sql.append(" and m.mobile_number is not null and m.mobile_number = :mobile");
            params.put("mobile", q.mobileNumber());
        }
        if (q.identifier() != null) {
            sql.append(" and m.id in (select k.member_id from member_keys k where k.program_id = :p and k.kind = 'IDENTIFIER'"
                    + " and k.name = :itype and k.value = :ivalue)");
            params.put("itype", q.identifier().type());
            params.put("ivalue", q.identifier().value());
        }
        if (q.after() != null) {
            sql.append(" and m.id > :after");
            params.put("after", q.after().value());
        }
        sql.append(" order by m.id limit :limit");
        params.put("limit", q.limit() + 1);
        return new SearchSql(sql.toString(), params);
    }

    /** When and by whom the member was erased; empty when they were not. */
    public Optional<MemberErasure> erasure(String programId, MemberId id) {
        return jdbc.sql("select erased_at, erased_by from member_erasures where program_id = :p and member_id = :id")
                .param("p", programId).param("id", id.value())
                .query((rs, n) -> new MemberErasure(id, Sql.instant(rs, "erased_at"), rs.getString("erased_by"))).optional();
    }

    /**
     * Clears every personal field of a member locked by the caller's transaction, deletes their identifiers and their rows in
     * the member_keys directory (so another member may take those values) and records who erased them and when. The row
     * stays, so the ledger's entries keep their member.
     */
    public void erase(String programId, Member current, MemberErasure erasure) {
        jdbc.sql("""
                update members set external_id = null, email = null, mobile_number = null, first_name = null, last_name = null,
                       gender = null, dob = null, address = null, address2 = null, city = null, zip = null, state = null,
                       country = null, opted_in = false, attributes = '{}'::jsonb, erased_at = :at, updated_at = :at
                 where program_id = :p and id = :id
                """).param("p", programId).param("id", erasure.memberId().value()).param("at", Sql.ts(erasure.erasedAt())).update();
        jdbc.sql("delete from member_identifiers where program_id = :p and member_id = :id")
                .param("p", programId).param("id", erasure.memberId().value()).update();
        releaseKeys(programId, current.id(), keys(current));
        jdbc.sql("insert into member_erasures (program_id, member_id, erased_at, erased_by) values (:p, :id, :at, :by)")
                .param("p", programId).param("id", erasure.memberId().value()).param("at", Sql.ts(erasure.erasedAt()))
                .param("by", erasure.erasedBy()).update();
    }

    /**
     * Inserts the members whose external id no member of the program has (one statement for the batch; drafts without
     * identifiers) and returns the external ids it inserted.
     */
    public Set<String> insertMissing(String programId, List<Member> batch) {
        return new HashSet<>(jdbc.sql("""
                with claimed as (
                    insert into member_keys (program_id, kind, value, member_id)
                    select :p, 'EXTERNAL_ID', k.external_id, k.id from unnest(:ids::uuid[], :externalIds::text[]) as k(id, external_id)
                     where k.external_id is not null
                    on conflict do nothing
                    returning member_id)
                insert into members (program_id, id, external_id, email, mobile_number, first_name, last_name, gender, dob,
                                     address, address2, city, zip, state, country, opted_in, attributes, created_at, updated_at)
                select :p, b.id, b.external_id, b.email, b.mobile, b.first_name, b.last_name, b.gender, b.dob,
                       b.address, b.address2, b.city, b.zip, b.state, b.country, b.opted_in, b.attributes::jsonb, :at, :at
                  from unnest(:ids::uuid[], :externalIds::text[], :emails::text[], :mobiles::text[], :firstNames::text[],
                              :lastNames::text[], :genders::text[], :dobs::date[], :addresses::text[], :addresses2::text[],
                              :cities::text[], :zips::text[], :states::text[], :countries::text[], :optedIns::boolean[],
                              :attributes::text[])
                       as b(id, external_id, email, mobile, first_name, last_name, gender, dob, address, address2, city, zip,
                            state, country, opted_in, attributes)
                 where b.id in (select member_id from claimed)
                returning external_id
                """).param("p", programId).param("at", Sql.ts(batch.get(0).createdAt()))
                .param("ids", batch.stream().map(m -> m.id().value()).toArray(UUID[]::new))
                .param("externalIds", batch.stream().map(Member::externalId).toArray(String[]::new))
                .param("emails", batch.stream().map(Member::email).toArray(String[]::new))
                .param("mobiles", batch.stream().map(Member::mobileNumber).toArray(String[]::new))
                .param("firstNames", batch.stream().map(Member::firstName).toArray(String[]::new))
                .param("lastNames", batch.stream().map(Member::lastName).toArray(String[]::new))
                .param("genders", batch.stream().map(Member::gender).toArray(String[]::new))
                .param("dobs", batch.stream().map(m -> m.dob() == null ? null : java.sql.Date.valueOf(m.dob())).toArray(java.sql.Date[]::new))
                .param("addresses", batch.stream().map(Member::address).toArray(String[]::new))
                .param("addresses2", batch.stream().map(Member::address2).toArray(String[]::new))
                .param("cities", batch.stream().map(Member::city).toArray(String[]::new))
                .param("zips", batch.stream().map(Member::zip).toArray(String[]::new))
                .param("states", batch.stream().map(Member::state).toArray(String[]::new))
                .param("countries", batch.stream().map(Member::country).toArray(String[]::new))
                .param("optedIns", batch.stream().map(Member::optedIn).toArray(Boolean[]::new))
                .param("attributes", batch.stream().map(m -> json.writeValueAsString(m.attributes())).toArray(String[]::new))
                .query(String.class).list());
    }

    /** The ids of the program's members with these external ids. */
    public Map<String, UUID> byExternalIds(String programId, Collection<String> externalIds) {
        Map<String, UUID> found = new LinkedHashMap<>();
        jdbc.sql("""
                select value, member_id from member_keys
                 where program_id = :p and kind = 'EXTERNAL_ID' and name = '' and value = any(:e::text[])
                """).param("p", programId).param("e", externalIds.toArray(String[]::new))
                .query((rs, n) -> found.put(rs.getString("value"), rs.getObject("member_id", UUID.class))).list();
        return found;
    }

    private Map<String, Object> params(String programId, Member m) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("p", programId);
        p.put("id", m.id().value());
        p.put("externalId", m.externalId());
        p.put("email", m.email());
        p.put("mobile", m.mobileNumber());
        p.put("firstName", m.firstName());
        p.put("lastName", m.lastName());
        p.put("gender", m.gender());
        p.put("dob", m.dob());
        p.put("address", m.address());
        p.put("address2", m.address2());
        p.put("city", m.city());
        p.put("zip", m.zip());
        p.put("state", m.state());
        p.put("country", m.country());
        p.put("optedIn", m.optedIn());
        p.put("attributes", json.writeValueAsString(m.attributes()));
        p.put("createdAt", Sql.ts(m.createdAt()));
        p.put("updatedAt", Sql.ts(m.updatedAt()));
        return p;
    }

    private Member member(ResultSet rs, int row) throws SQLException {
        return new Member(new MemberId(rs.getObject("id", UUID.class)), rs.getString("external_id"), rs.getString("email"),
                rs.getString("mobile_number"), rs.getString("first_name"), rs.getString("last_name"), rs.getString("gender"),
                rs.getObject("dob", LocalDate.class), rs.getString("address"), rs.getString("address2"),
                rs.getString("city"), rs.getString("zip"), rs.getString("state"), rs.getString("country"),
                rs.getBoolean("opted_in"), json.readValue(rs.getString("attributes"), ATTRIBUTES),
                new ArrayList<>(json.readValue(rs.getString("identifiers"), IDENTIFIERS)),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
    }
}
