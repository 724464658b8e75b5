package dev.laurel.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Catalogue;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sharding path stays open (issue 18, docs/scaling.md): on the migrated schema itself, every table is placed (a small
 * reference table copied to every node, or a distributed table and the column it is distributed by), and the rules a
 * distributed PostgreSQL (Citus) sets for that placement hold: a distributed table's primary key and unique constraints
 * include its distribution column, a foreign key between distributed tables joins their distribution columns (so it never
 * crosses two members) and a reference table refers to nothing distributed. Member-owned tables carry program_id and
 * member_id in their primary key. There is no sequence. docs/scaling.md gives each table's distribution statement, in
 * an order Citus accepts. And on the hot paths, each transaction writes the rows of one member only.
 */
class ShardingSchemaTest extends IntegrationTest {

    enum Kind { REFERENCE, MEMBER, DISTRIBUTED }

    /** Where a table goes: copied to every node, or distributed by {@code column} and colocated with {@code colocateWith}. */
    record Placement(Kind kind, String column, String colocateWith) {
        static Placement reference() {
            return new Placement(Kind.REFERENCE, null, null);
        }

        static Placement member() {
            return new Placement(Kind.MEMBER, "member_id", "members");
        }

        static Placement by(String column, String colocateWith) {
            return new Placement(Kind.DISTRIBUTED, column, colocateWith);
        }
    }

    /** Every table of the schema. A new table fails this test until it is placed here and in docs/scaling.md. */
    static final Map<String, Placement> PLACEMENTS = placements();

    private static Map<String, Placement> placements() {
        Map<String, Placement> p = new LinkedHashMap<>();
        // Program-wide and small: the programs, their revisions and keys, each program's rewards-link key, cash-out runs.
        for (String table : List.of("programs", "program_revisions", "api_keys", "reward_link_keys", "cash_out_runs")) {
            p.put(table, Placement.reference());
        }
        p.put("members", Placement.by("id", null));
        for (String table : List.of("member_identifiers", "point_accounts", "ledger_entries", "lots", "lot_movements", "point_holds",
                "take_backs", "partner_transactions", "timeline_events", "purchases", "purchase_earnings", "purchase_lines",
                "member_tiers", "member_tier_periods", "tier_history", "campaign_enrollments", "vouchers", "cash_out_conversions",
                "member_erasures", "member_opening_balances", "adjustment_notes")) {
            p.put(table, Placement.member());
        }
        // The directory of values unique across a program's members: found by value.
        p.put("member_keys", Placement.by("value", "none"));
        // Program-wide and large, each found by its own key.
        p.put("webhook_events", Placement.by("id", "none"));
        p.put("program_events", Placement.by("id", "none"));
        p.put("idempotency_keys", Placement.by("key", "none"));
        p.put("voucher_codes", Placement.by("code", "none"));
        p.put("reward_stock", Placement.by("reward_id", "none"));
        p.put("balance_imports", Placement.by("id", "none"));
        p.put("balance_import_messages", Placement.by("import_id", "balance_imports"));
        p.put("member_imports", Placement.by("id", "none"));
        p.put("member_import_lines", Placement.by("import_id", "member_imports"));
        p.put("member_import_messages", Placement.by("import_id", "member_imports"));
        p.put("operator_actions", Placement.by("id", "none"));
        return p;
    }

    @Autowired
    JdbcClient jdbc;

    record Key(String table, String name, String type, List<String> columns) {}

    record ForeignKey(String table, String name, List<String> columns, String referenced, List<String> referencedColumns) {}

    @Test
    void every_table_is_placed_and_every_placement_is_a_table() {
        Set<String> tables = new TreeSet<>(jdbc.sql("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname <> 'flyway_schema_history'
                """).query(String.class).list());
        assertThat(tables).as("tables of the schema vs placements in this test").isEqualTo(new TreeSet<>(PLACEMENTS.keySet()));
    }

    @Test
    void every_table_carries_program_id() {
        PLACEMENTS.keySet().stream().filter(t -> !t.equals("programs"))
                .forEach(t -> assertThat(notNull(t, "program_id")).as(t + ".program_id not null").isTrue());
    }

    @Test
    void member_owned_tables_carry_program_and_member_in_their_primary_key() {
        List<String> wrong = new ArrayList<>();
        keys().stream().filter(k -> k.type().equals("p"))
                .filter(k -> PLACEMENTS.get(k.table()).kind() == Kind.MEMBER || k.table().equals("members"))
                .forEach(k -> {
                    String member = k.table().equals("members") ? "id" : "member_id";
                    if (!k.columns().contains("program_id") || !k.columns().contains(member) || !notNull(k.table(), member)) {
                        wrong.add(k.table() + " " + k.columns());
                    }
                });
        assertThat(wrong).as("member-owned primary keys without program_id and the member").isEmpty();
        assertThat(keys().stream().filter(k -> k.type().equals("p")).map(Key::table).collect(Collectors.toSet()))
                .as("tables with a primary key").containsAll(PLACEMENTS.keySet());
    }

    @Test
    void every_unique_constraint_and_unique_index_of_a_distributed_table_includes_its_distribution_column() {
        List<String> wrong = new ArrayList<>();
        for (Key k : keys()) {
            Placement p = PLACEMENTS.get(k.table());
            if (p.kind() != Kind.REFERENCE && !k.columns().contains(p.column())) {
                wrong.add(k.table() + "." + k.name() + " " + k.columns() + " lacks " + p.column());
            }
            if (p.kind() == Kind.MEMBER && !k.columns().contains("program_id")) {
                wrong.add(k.table() + "." + k.name() + " " + k.columns() + " lacks program_id");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void foreign_keys_join_distribution_columns_or_point_at_reference_tables() {
        List<String> wrong = new ArrayList<>();
        List<ForeignKey> fks = foreignKeys();
        assertThat(fks).as("foreign keys read from the catalogue").hasSizeGreaterThan(20);
        for (ForeignKey fk : fks) {
            Placement from = PLACEMENTS.get(fk.table());
            Placement to = PLACEMENTS.get(fk.referenced());
            if (to.kind() == Kind.REFERENCE) {
                continue;
            }
            if (from.kind() == Kind.REFERENCE) {
                wrong.add(fk.name() + ": a reference table refers to distributed " + fk.referenced());
                continue;
            }
            if (!group(fk.table()).equals(group(fk.referenced()))) {
                wrong.add(fk.name() + ": " + fk.table() + " and " + fk.referenced() + " are not colocated");
                continue;
            }
            int at = fk.columns().indexOf(from.column());
            if (at < 0 || !fk.referencedColumns().get(at).equals(to.column())) {
                wrong.add(fk.name() + " " + fk.columns() + " -> " + fk.referenced() + fk.referencedColumns()
                        + " does not join " + from.column() + " to " + to.column());
            }
        }
        assertThat(wrong).as("foreign keys that would cross shards (or members)").isEmpty();
    }

    @Test
    void there_is_no_sequence_identity_or_serial_column() {
        assertThat(jdbc.sql("""
                select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = current_schema() and c.relkind = 'S'
                   and c.relname not like 'flyway%'
                """).query(Long.class).single()).as("sequences").isZero();
        assertThat(jdbc.sql("""
                select table_name || '.' || column_name from information_schema.columns
                 where table_schema = current_schema() and table_name <> 'flyway_schema_history'
                   and (is_identity = 'YES' or column_default like 'nextval%')
                """).query(String.class).list()).as("identity or serial columns").isEmpty();
    }

    /** docs/scaling.md distributes every table as placed here, each after the tables it refers to. */
    @Test
    void the_scaling_guide_gives_every_tables_distribution_statement_in_an_order_citus_accepts() throws IOException {
        String doc = Files.readString(Path.of("docs/scaling.md"));
        Map<String, Integer> at = new LinkedHashMap<>();
        for (Map.Entry<String, Placement> e : PLACEMENTS.entrySet()) {
            String statement = statement(e.getKey(), e.getValue());
            assertThat(doc).as("docs/scaling.md").contains(statement);
            at.put(e.getKey(), doc.indexOf(statement));
        }
        for (ForeignKey fk : foreignKeys()) {
            assertThat(at.get(fk.referenced())).as(fk.referenced() + " is placed before " + fk.table() + " (" + fk.name() + ")")
                    .isLessThan(at.get(fk.table()));
        }
        for (Placement p : PLACEMENTS.values()) {
            if (p.colocateWith() != null && !p.colocateWith().equals("none")) {
                assertThat(PLACEMENTS).containsKey(p.colocateWith());
            }
        }
    }

    static String statement(String table, Placement p) {
        return switch (p.kind()) {
            case REFERENCE -> "SELECT create_reference_table('" + table + "');";
            case MEMBER -> "SELECT create_distributed_table('" + table + "', 'member_id', colocate_with => 'members');";
            case DISTRIBUTED -> p.colocateWith() == null
                    ? "SELECT create_distributed_table('" + table + "', '" + p.column() + "');"
                    : "SELECT create_distributed_table('" + table + "', '" + p.column() + "', colocate_with => '" + p.colocateWith() + "');";
        };
    }

    /**
     * Each of the API's writes that change a member (create, profile, identifiers, purchase, return, partner award,
     * adjustment, hold and capture, redemption and the till's redeem, timeline event, opt-out) is a transaction whose
     * member-owned rows and directory rows all belong to that one member: a trigger on every member-owned table logs
     * the transaction and the member of each row written for this test's program.
     */
    @Test
    void each_write_on_the_hot_paths_touches_one_member() {
        TestProgram program = Catalogue.program(programs, Catalogue.REWARDS);
        List<String> memberTables = PLACEMENTS.entrySet().stream()
                .filter(e -> e.getValue().kind() == Kind.MEMBER || e.getKey().equals("members") || e.getKey().equals("member_keys"))
                .map(Map.Entry::getKey).toList();
        jdbc.sql("create table if not exists sharding_probe (txid bigint not null, tbl text not null, member_id uuid not null)").update();
        jdbc.sql("""
                create or replace function sharding_probe() returns trigger language plpgsql as $$
                declare
                    row jsonb := to_jsonb(coalesce(new, old));
                begin
                    if row ->> 'program_id' = '%s' then
                        insert into sharding_probe values (txid_current(), tg_table_name,
                            (case when tg_table_name = 'members' then row ->> 'id' else row ->> 'member_id' end)::uuid);
                    end if;
                    return null;
                end $$
                """.formatted(program.id())).update();
        try {
            for (String table : memberTables) {
                jdbc.sql("create trigger sharding_probe after insert or update or delete on " + table
                        + " for each row execute function sharding_probe()").update();
            }
            Api api = as(program);
            Api partner = api().key(program.partnerKey());
            String ann = api.post("/v1/members", "{\"optedIn\": true, \"externalId\": \"shard-ann\", \"email\": \"ann@example.com\","
                    + " \"identifiers\": [{\"type\": \"card\", \"value\": \"C-1\"}]}").json().get("id").asString();
            String bob = api.post("/v1/members", "{\"optedIn\": true, \"externalId\": \"shard-bob\"}").json().get("id").asString();
            for (String member : List.of(ann, bob)) {
                ok(api.patch("/v1/members/" + member, "{\"firstName\": \"Changed\"}"));
                Api.Response bought = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"O-" + member
                        + "\", \"amount\": \"100.00\", \"currency\": \"USD\", \"occurredAt\": \"" + clock.instant() + "\"}");
                ok(bought);
                ok(api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"O-" + member
                        + "\", \"amount\": \"10.00\"}"));
                ok(partner.post("/loyalty/user/" + member + "/points",
                        "{\"partner\": \"Partner\", \"points\": 3000, \"reference\": \"r-" + member + "\"}"));
                api.adjust(member, 1, 50);
                String hold = api.post("/v1/members/" + member + "/holds", "{\"definitionId\": 1, \"points\": 70, \"reference\": \"till\"}")
                        .json().get("id").asString();
                ok(api.post("/v1/holds/" + hold + "/capture", "{\"points\": 60}"));
                Api.Response redeemed = api.post("/v1/members/" + member + "/redemptions", "{\"rewardId\": \"five-off\"}");
                ok(redeemed);
                String code = redeemed.json().findValue("code").asString();
                ok(api.post("/v1/vouchers/" + code + "/redeem", ""));
                ok(api.post("/v1/members/" + member + "/events", "{\"type\": \"opened_email\", \"eventId\": \"e-" + member + "\", \"occurredAt\": \"" + clock.instant() + "\"}"));
                ok(api.patch("/v1/members/" + member, "{\"optedIn\": false}"));
            }
            List<String> crossing = jdbc.sql("""
                    select txid || ': ' || string_agg(distinct tbl, ', ') from sharding_probe
                     group by txid having count(distinct member_id) > 1
                    """).query(String.class).list();
            long transactions = jdbc.sql("select count(distinct txid) from sharding_probe").query(Long.class).single();
            Set<String> written = new TreeSet<>(jdbc.sql("select distinct tbl from sharding_probe").query(String.class).list());
            assertThat(transactions).as("transactions logged").isGreaterThan(20);
            assertThat(written).as("member-owned tables the scenario wrote").contains("members", "member_keys", "member_identifiers",
                    "ledger_entries", "lots", "point_accounts", "purchases", "purchase_earnings", "partner_transactions", "point_holds",
                    "vouchers", "timeline_events");
            assertThat(crossing).as("transactions that wrote two members' rows").isEmpty();
        } finally {
            for (String table : memberTables) {
                jdbc.sql("drop trigger if exists sharding_probe on " + table).update();
            }
            jdbc.sql("drop table if exists sharding_probe").update();
            jdbc.sql("drop function if exists sharding_probe()").update();
        }
    }

    /**
     * Order ids and voucher codes are unique in the program through the member_keys directory, not within a member: another
     * member cannot reuse an order id, and a voucher's code cannot be uploaded again to a pool.
     */
    @Test
    void an_order_id_or_voucher_code_of_one_member_is_refused_for_another() {
        TestProgram program = Catalogue.program(programs, Catalogue.REWARDS);
        Api api = as(program);
        String ann = api.optedInMember(null);
        String bob = api.optedInMember(null);
        String order = "{\"memberId\": \"%s\", \"orderId\": \"SHARED-1\", \"amount\": \"10.00\", \"currency\": \"USD\", \"occurredAt\": \""
                + clock.instant() + "\"}";
        ok(api.post("/v1/purchases", order.formatted(ann)));
        Api.Response reused = api.post("/v1/purchases", order.formatted(bob));
        assertThat(reused.status()).as(reused.toString()).isEqualTo(409);
        assertThat(reused.json().get("code").asString()).isEqualTo("order-exists");
        assertThat(api.post("/v1/returns", "{\"memberId\": \"" + bob + "\", \"orderId\": \"SHARED-1\", \"amount\": \"1.00\"}").status())
                .isEqualTo(404);

        api.adjust(ann, 1, 1_000);
        String code = ok(api.post("/v1/members/" + ann + "/redemptions", "{\"rewardId\": \"five-off\"}")).json().get("code").asString();
        Api.Response uploaded = api.post("/v1/rewards/partner-gift-card/codes", "[\"" + code + "\"]");
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(409);
        assertThat(uploaded.json().get("detail").asString()).contains(code);
        assertThat(api.get("/v1/vouchers/" + code).json().get("memberId").asString()).isEqualTo(ann);
        assertThat(jdbc.sql("select count(*) from member_keys where program_id = :p").param("p", program.id()).query(Long.class).single())
                .as("directory rows: an order and a voucher code").isEqualTo(2);
    }

    private static Api.Response ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 299);
        return r;
    }

    private String group(String table) {
        Placement p = PLACEMENTS.get(table);
        if (p.kind() == Kind.MEMBER || table.equals("members")) {
            return "members";
        }
        return p.colocateWith() == null || p.colocateWith().equals("none") ? table : p.colocateWith();
    }

    private boolean notNull(String table, String column) {
        return jdbc.sql("""
                select count(*) from information_schema.columns
                 where table_schema = current_schema() and table_name = :t and column_name = :c and is_nullable = 'NO'
                """).param("t", table).param("c", column).query(Long.class).single() == 1;
    }

    /** Primary keys, unique constraints and unique indexes (partial ones too), with their columns. */
    private List<Key> keys() {
        return jdbc.sql("""
                select t.relname as tbl, i.relname as name, case when x.indisprimary then 'p' else 'u' end as type,
                       array_to_string(array(select a.attname from unnest(x.indkey) with ordinality k(attnum, n)
                                              join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.n), ',') as cols
                  from pg_index x join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
                  join pg_namespace n on n.oid = t.relnamespace
                 where n.nspname = current_schema() and x.indisunique and t.relname <> 'flyway_schema_history'
                """).query((rs, n) -> new Key(rs.getString("tbl"), rs.getString("name"), rs.getString("type"),
                        List.of(rs.getString("cols").split(",")))).list();
    }

    private List<ForeignKey> foreignKeys() {
        return jdbc.sql("""
                select c.conname as name, t.relname as tbl, r.relname as ref,
                       array_to_string(array(select a.attname from unnest(c.conkey) with ordinality k(attnum, n)
                                              join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n), ',') as cols,
                       array_to_string(array(select a.attname from unnest(c.confkey) with ordinality k(attnum, n)
                                              join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.n), ',') as refcols
                  from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class r on r.oid = c.confrelid
                  join pg_namespace n on n.oid = t.relnamespace
                 where n.nspname = current_schema() and c.contype = 'f'
                """).query((rs, n) -> new ForeignKey(rs.getString("tbl"), rs.getString("name"), List.of(rs.getString("cols").split(",")),
                        rs.getString("ref"), List.of(rs.getString("refcols").split(",")))).list();
    }
}
