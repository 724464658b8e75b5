package dev.laurel.api.engage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.laurel.LaurelApplication;
import dev.laurel.platform.Sweeps;
import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.Prerequisites;
import dev.laurel.support.TestDatabase;
import dev.laurel.support.TestPointMaster;
import dev.laurel.support.TestPointMaster.Received;
import dev.laurel.support.TestProgram;
import dev.laurel.sync.BalanceSyncs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * engage-point-follower.txt, end to end over HTTP against the pointfollower sample (definition 1
 * follows the master's TRANSACTIONS, definition 2 its BALANCE), with a real point master of the
 * test's own on 127.0.0.1: balance-only and all-transaction syncs, the points log fetched from the
 * master, adjustments sent to it by webhook (encrypted, signed, retried, never lost), and the
 * reconciliation of the two.
 */
class EngageFollowerTest extends IntegrationTest {

    // The seed's examples, verbatim (checked against the seed file below).
    static final String BALANCES_REQUEST = """
            [
              {
                "contactId": "00000000-0000-0000-0000-000000000001",
                "amount": 122,
                "definitionId": 1,
                "timeStamp": "2023-05-16T12:20:03.807Z"
              },\s
              {
                "contactId": "00000000-0000-0000-0000-000000000002",
                "amount": 63,
                "definitionId": 1,
                "timeStamp": "2023-05-16T12:20:03.807Z"
              }
            ]""";
    static final String STATUS_RESPONSE = """
            {
              "messages": [
                {
                  "message": "string",
                  "timeStamp": "2023-05-17T11:03:16.947Z"
                }
              ],
              "id": "string",
              "status": "string",
              "timeStamp": "2023-05-17T11:03:16.947Z"
            }""";
    static final String TRANSACTIONS_REQUEST = """
            [
              {
                "contactId": "111111fa6-103b-459b-8d01-b6c000e8e26a",
                "amount": 12,
                "definitionId": 1,
                "timeStamp": "2023-06-01T08:40:51.658Z",
                "source": "Purchase",
                "description": "Gilded gauntlets",
                "validFrom": "2023-06-16T08:40:51.658Z",
                "validTo": "2024-06-16T08:40:51.658Z"
              }
            ]""";
    static final String WEBHOOK_ENVELOPE = """
            {
              "eventType": "loyalty.addPoints",
              "id": "70b84f00-d212-47c0-a56d-feaab6294333",
              "payload": "FtaW9DkGDs8yZGxkHU5Urh5B3fYpdjJylVwlCMUj1YlqcJ+9VVxO5dIhawwF2mbDJIkP1B9IVTM9+he86ZFBcIzGLr3K9nhH1hXuc0527Pkruan5TGsanjj4Kf2+7ZueY2FG6Vu5+nEuecxsDBgREyHOynieMBKRlBn3b1AVq7vw9D3dMdE6PpDGKFVAqrxrfP8jmmnPCn7orP4qAIxq6X67D8Jya4bs6ixJvZ66HPUwkmg0cEKiAhtgUlZko9XXMMPJUvHssQuIe6zhfx2r/bH9zwfbKPCNuTQ9q74iSc2CoA9akwCgk/f+PqnYspSznEnBvbwBUYlNoq39MOjjAtoMOoZD8+Jb3SGV9UxL8rHroSlOEttp1c7mX61UFIFCdo/OluCc54ycrjIx9Jgmww==",
              "tenant": "pointfollower"
            }""";
    static final String AUTOMATION_PAYLOAD = """
            {
              "ContactId": "1dfe06cd-a1be-4423-8ed4-afd900d998aa", \s
              "Amount": 40,
              "Description": "Points awarded",
              "Source": "Automation",
              "PointDefinitionId": 1,
              "Reason": "Voyado",
              "ProcessId": "d6342090-7410-4c00-aa4b-dbd394dac7e6",
              "WorkflowId": "44931e65-e188-46c4-92bd-50e4818fece2",
              "WorkflowName": ""
            }""";
    /** Verbatim, trailing comma and all: it is read leniently below. */
    static final String MANUAL_PAYLOAD = """
            {
              "ContactId": "1dfe06cd-a1be-4423-8ed4-afd900d998aa", \s
              "Amount": 40,
              "Description": "Give points from Engage",
              "Source": "Manual",
              "PointDefinitionId": 1,
              "UserId": "c23f28cb-d62d-42cf-9d11-b919198409ea", \s
              "UserName": "Jimmy User", \s
            }""";

    static final String SEED_CONTACT = "1dfe06cd-a1be-4423-8ed4-afd900d998aa";
    /** The Laurel adjustments that carry the seed's two payloads' values. */
    static final String MANUAL_ADJUSTMENT = """
            {"definitionId": 1, "amount": 40, "description": "Give points from Engage", "source": "Manual",
             "userId": "c23f28cb-d62d-42cf-9d11-b919198409ea", "userName": "Jimmy User"}""";
    static final String AUTOMATION_ADJUSTMENT = """
            {"definitionId": 1, "amount": 40, "description": "Points awarded", "source": "Automation", "reason": "Voyado",
             "processId": "d6342090-7410-4c00-aa4b-dbd394dac7e6", "workflowId": "44931e65-e188-46c4-92bd-50e4818fece2",
             "workflowName": ""}""";

    /** This test's own webhook secrets (POINT_MASTER_KEY is 32 ASCII characters: the AES-256 key's bytes). */
    static final String ENCRYPTION_KEY = "Engage-follower-test-key-32chars";
    static final String SIGNING_SECRET = "engage-follower-signing-secret-1";
    /** The delivery sweep's waits after the 1st to the 6th failed attempt; the 7th failure is the last. */
    static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24));

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();
    private static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");

    @Autowired
    private BalanceSyncs balanceSyncs;

    private TestPointMaster master;
    private TestProgram program;
    private Api api;

    @BeforeEach
    void followerProgram() {
        master = new TestPointMaster();
        program = followerProgram(master);
        api = as(program);
        clock.set(NOW, true);
    }

    @AfterEach
    void ledgerAgreesAndMasterCloses() {
        try {
            JsonNode check = api.get("/v1/admin/ledger/verify").json();
            assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
        } finally {
            master.close();
        }
    }

    private TestProgram followerProgram(TestPointMaster pointMaster) {
        return newProgram(TestProgram.POINT_FOLLOWER, overrides(pointMaster));
    }

    private static Map<String, String> overrides(TestPointMaster pointMaster) {
        return Map.of("POINT_MASTER_URL", pointMaster.url(), "POINT_MASTER_KEY", ENCRYPTION_KEY,
                "POINT_MASTER_SIGNING_SECRET", SIGNING_SECRET);
    }

    @Test
    void the_examples_here_are_the_seeds_verbatim() throws Exception {
        Path seed = Prerequisites.shared("seeds/engage-point-follower.txt");
        String text = squash(Files.readString(seed));

        for (String example : List.of(BALANCES_REQUEST, STATUS_RESPONSE, TRANSACTIONS_REQUEST, WEBHOOK_ENVELOPE, AUTOMATION_PAYLOAD,
                MANUAL_PAYLOAD, TestPointMaster.SEED_HISTORY)) {
            assertThat(text).contains(squash(example));
        }
    }

    // ---- 1) Balance-only sync

    @Test
    void the_seeds_balance_example_is_queued_then_reported_item_by_item_since_definition_1_follows_transactions() {
        member("00000000-0000-0000-0000-000000000001");
        member("00000000-0000-0000-0000-000000000002");

        Response r = api.post("/api/v2/point-accounts/balances", BALANCES_REQUEST);

        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(names(r.json())).containsExactly("id");
        String id = r.json().get("id").asString();
        JsonNode queued = status(id);
        assertThat(queued.get("status").asString()).isEqualTo("Queued");
        assertThat(queued.get("messages")).isEmpty();
        assertThat(queued.get("id").asString()).isEqualTo(id);
        assertThat(queued.get("timeStamp").asString()).isEqualTo(NOW.toString());

        clock.advance(Duration.ofMinutes(1));
        jobs();

        JsonNode done = status(id);
        assertThat(done.get("status").asString()).isEqualTo("CompletedWithErrors");
        assertThat(done.get("messages")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            String message = done.get("messages").get(i).get("message").asString();
            assertThat(message).contains("Item " + i).contains("00000000-0000-0000-0000-00000000000" + (i + 1))
                    .contains("point definition 1");
            assertThat(done.get("messages").get(i).get("timeStamp").asString()).isEqualTo(NOW.plus(Duration.ofMinutes(1)).toString());
        }
        assertThat(account("00000000-0000-0000-0000-000000000001", 1).get("balance").asLong()).isZero();
        assertThat(log("00000000-0000-0000-0000-000000000001")).isEmpty();
        assertThat(log("00000000-0000-0000-0000-000000000002")).isEmpty();
    }

    @Test
    void the_seeds_balances_on_the_balance_definition_set_each_account_with_one_balance_sync_entry() {
        member("00000000-0000-0000-0000-000000000001");
        member("00000000-0000-0000-0000-000000000002");

        Response r = api.post("/api/v2/point-accounts/balances", BALANCES_REQUEST.replace("\"definitionId\": 1", "\"definitionId\": 2"));
        String id = r.json().get("id").asString();
        assertThat(status(id).get("status").asString()).isEqualTo("Queued");
        assertThat(account("00000000-0000-0000-0000-000000000001", 2).get("balance").asLong()).isZero();
        jobs();

        JsonNode done = status(id);
        assertThat(names(done)).containsExactlyElementsOf(names(JSON.readTree(STATUS_RESPONSE)));
        assertThat(done.get("status").asString()).isEqualTo("Completed");
        assertThat(done.get("messages")).isEmpty();
        assertThat(done.get("timeStamp").asString()).isEqualTo(NOW.toString());
        assertThat(account("00000000-0000-0000-0000-000000000001", 2).get("balance").asLong()).isEqualTo(122);
        assertThat(account("00000000-0000-0000-0000-000000000002", 2).get("balance").asLong()).isEqualTo(63);
        List<JsonNode> first = log("00000000-0000-0000-0000-000000000001");
        assertThat(first).hasSize(1);
        assertThat(first.get(0).get("source").asString()).isEqualTo("BalanceSync");
        assertThat(first.get(0).get("amount").asLong()).isEqualTo(122);
        assertThat(first.get(0).get("definitionId").asInt()).isEqualTo(2);
        List<JsonNode> second = log("00000000-0000-0000-0000-000000000002");
        assertThat(second).hasSize(1);
        assertThat(second.get(0).get("source").asString()).isEqualTo("BalanceSync");
        assertThat(second.get(0).get("amount").asLong()).isEqualTo(63);
    }

    @Test
    void a_newer_balance_writes_the_difference_an_older_one_is_skipped_and_an_unknown_contact_does_not_stop_the_rest() {
        String anna = member(UUID.randomUUID().toString());
        String ben = member(UUID.randomUUID().toString());
        String stranger = UUID.randomUUID().toString();
        balances(balance(anna, 122, "2023-05-16T12:20:03.807Z"));

        String second = balances(balance(anna, 100, "2023-05-17T12:20:03.807Z"), balance(stranger, 50, "2023-05-17T12:20:03.807Z"),
                balance(ben, 7, "2023-05-17T12:20:03.807Z"));

        JsonNode status = status(second);
        assertThat(status.get("status").asString()).isEqualTo("CompletedWithErrors");
        assertThat(status.get("messages")).hasSize(1);
        assertThat(status.get("messages").get(0).get("message").asString()).contains("Item 1").contains(stranger);
        assertThat(account(anna, 2).get("balance").asLong()).isEqualTo(100);
        assertThat(account(ben, 2).get("balance").asLong()).isEqualTo(7);
        assertThat(log(anna)).extracting(e -> e.get("amount").asLong()).containsExactly(-22L, 122L);
        assertThat(log(anna)).allSatisfy(e -> assertThat(e.get("source").asString()).isEqualTo("BalanceSync"));

        String older = balances(balance(anna, 500, "2023-05-16T23:59:59Z"));

        JsonNode skipped = status(older);
        assertThat(skipped.get("status").asString()).isEqualTo("CompletedWithErrors");
        assertThat(skipped.get("messages")).hasSize(1);
        assertThat(skipped.get("messages").get(0).get("message").asString()).contains("Item 0").contains(anna).contains("older");
        assertThat(account(anna, 2).get("balance").asLong()).isEqualTo(100);
        assertThat(log(anna)).hasSize(2);
    }

    @Test
    void a_negative_balance_from_the_master_is_set_as_it_is_and_does_not_hold_up_the_requests_after_it() {
        String anna = member(UUID.randomUUID().toString());
        String ben = member(UUID.randomUUID().toString());
        String negative = api.post("/api/v2/point-accounts/balances", "[" + balance(anna, -5, "2023-05-16T12:20:03.807Z") + "]")
                .json().get("id").asString();
        String later = api.post("/api/v2/point-accounts/balances", "[" + balance(ben, 5, "2023-05-16T12:20:03.807Z") + "]")
                .json().get("id").asString();

        jobs();

        assertThat(status(negative).get("status").asString()).isEqualTo("Completed");
        assertThat(status(later).get("status").asString()).isEqualTo("Completed");
        assertThat(account(anna, 2).get("balance").asLong()).isEqualTo(-5);
        assertThat(account(ben, 2).get("balance").asLong()).isEqualTo(5);

        balances(balance(anna, 10, "2023-05-17T12:20:03.807Z"));

        assertThat(account(anna, 2).get("balance").asLong()).isEqualTo(10);
        assertThat(log(anna)).extracting(e -> e.get("amount").asLong()).containsExactly(15L, -5L);
    }

    @Test
    void amounts_too_large_for_an_account_are_refused_when_sent_and_nothing_is_stored_or_applied() {
        String anna = member(UUID.randomUUID().toString());

        Response balance = api.post("/api/v2/point-accounts/balances", "[" + balance(anna, 5, "2023-05-16T12:20:03.807Z") + ","
                + balance(anna, Long.MAX_VALUE, "2023-05-16T12:20:03.807Z") + "]");
        Response purchase = api.post("/api/v2/point-accounts/transactions", "[" + transaction(anna, Long.MAX_VALUE, 1, "Purchase") + "]");
        Response ret = api.post("/api/v2/point-accounts/transactions", "[" + transaction(anna, -1_000_000_000_001L, 1, "Return") + "]");

        for (Response r : List.of(balance, purchase, ret)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
        }
        assertThat(balance.json().get("errors")).extracting(e -> e.get("field").asString()).containsExactly("[1].amount");
        assertThat(purchase.json().get("errors")).extracting(e -> e.get("field").asString()).containsExactly("[0].amount");
        assertThat(ret.json().get("errors")).extracting(e -> e.get("field").asString()).containsExactly("[0].amount");
        assertThat(sweep(jobs(), "balance-sync").get("processed").asLong()).isZero();
        assertThat(log(anna)).isEmpty();
        Response largest = api.post("/api/v2/point-accounts/transactions", "[" + transaction(anna, 1_000_000_000_000L, 1, "Purchase") + "]");
        assertThat(largest.status()).as(largest.toString()).isEqualTo(202);
    }

    @Test
    void a_request_of_1001_balances_is_processing_after_one_chunk_and_completed_after_the_rest() throws Exception {
        List<String> members = members(1001);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            items.add(balance(members.get(i), i + 1, "2023-05-16T12:20:03.807Z"));
        }
        Response r = api.post("/api/v2/point-accounts/balances", "[" + String.join(",", items) + "]");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String id = r.json().get("id").asString();

        assertThat(balanceSyncs.applyNextChunk(Optional.of(program.id()))).isTrue();

        assertThat(status(id).get("status").asString()).isEqualTo("Processing");
        assertThat(account(members.get(999), 2).get("balance").asLong()).isEqualTo(1000);
        assertThat(account(members.get(1000), 2).get("balance").asLong()).isZero();

        jobs();

        JsonNode done = status(id);
        assertThat(done.get("status").asString()).isEqualTo("Completed");
        assertThat(done.get("messages")).isEmpty();
        assertThat(account(members.get(1000), 2).get("balance").asLong()).isEqualTo(1001);
        assertThat(account(members.get(0), 2).get("balance").asLong()).isEqualTo(1);
    }

    @Test
    void more_than_10000_balances_are_400_too_many_items_and_nothing_is_stored() {
        String anna = member(UUID.randomUUID().toString());
        String item = balance(anna, 5, "2023-05-16T12:20:03.807Z");

        Response r = api.post("/api/v2/point-accounts/balances", "[" + String.join(",", Collections.nCopies(10_001, item)) + "]");

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).startsWith("Too many items");
        assertThat(sweep(jobs(), "balance-sync").get("processed").asLong()).isZero();
        assertThat(account(anna, 2).get("balance").asLong()).isZero();
    }

    @Test
    void the_status_of_an_unknown_or_another_programs_balance_request_is_404() {
        String anna = member(UUID.randomUUID().toString());
        String id = balances(balance(anna, 5, "2023-05-16T12:20:03.807Z"));
        TestProgram other = newProgram(TestProgram.POINT_FOLLOWER);

        Response unknown = api.get("/api/v2/point-accounts/balances/status/" + UUID.randomUUID());
        Response others = as(other).get("/api/v2/point-accounts/balances/status/" + id);

        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(others.status()).as(others.toString()).isEqualTo(404);
        assertThat(others.json().get("code").asString()).isEqualTo("balance-import-not-found");
        assertThat(status(id).get("status").asString()).isEqualTo("Completed");
    }

    // ---- 2) All-transaction sync

    @Test
    void the_seeds_transaction_example_is_refused_for_its_37_character_contact_id_and_nothing_is_applied() {
        clock.set(Instant.parse("2023-06-01T08:40:51.658Z"), true);

        Response r = api.post("/api/v2/point-accounts/transactions", TRANSACTIONS_REQUEST);

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        JsonNode errors = r.json().get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("field").asString()).isEqualTo("[0].contactId");
        assertThat(errors.get(0).get("message").asString()).contains("37 characters").contains("111111fa6-103b-459b-8d01-b6c000e8e26a");
        assertThat(sweep(jobs(), "points-activation-and-expiry").get("processed").asLong()).isZero();
    }

    @Test
    void the_seeds_transaction_with_a_real_contact_is_pending_until_valid_from_then_active_then_expired_after_valid_to() {
        String contact = member(UUID.randomUUID().toString());
        clock.set(Instant.parse("2023-06-01T08:40:51.658Z"), true);

        Response r = api.post("/api/v2/point-accounts/transactions", TRANSACTIONS_REQUEST.replace("111111fa6-103b-459b-8d01-b6c000e8e26a", contact));

        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(names(r.json())).containsExactly("id", "items");
        assertThat(r.json().get("items").asInt()).isEqualTo(1);
        JsonNode pending = account(contact, 1);
        assertThat(pending.get("balance").asLong()).isZero();
        assertThat(pending.get("pending").asLong()).isEqualTo(12);
        List<JsonNode> entries = log(contact);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("source").asString()).isEqualTo("Purchase");
        assertThat(entries.get(0).get("description").asString()).isEqualTo("Gilded gauntlets");
        assertThat(entries.get(0).get("occurredAt").asString()).isEqualTo("2023-06-01T08:40:51.658Z");

        clock.set(Instant.parse("2023-06-16T08:40:51.657Z"), true);
        jobs();
        assertThat(account(contact, 1).get("pending").asLong()).isEqualTo(12);

        clock.set(Instant.parse("2023-06-16T08:40:51.658Z"), true);
        jobs();
        JsonNode active = account(contact, 1);
        assertThat(active.get("balance").asLong()).isEqualTo(12);
        assertThat(active.get("pending").asLong()).isZero();

        clock.set(Instant.parse("2024-06-16T08:40:51.659Z"), true);
        jobs();
        JsonNode expired = account(contact, 1);
        assertThat(expired.get("balance").asLong()).isZero();
        assertThat(expired.get("expired").asLong()).isEqualTo(12);
        assertThat(log(contact).get(0).get("kind").asString()).isEqualTo("EXPIRE");
    }

    @Test
    void more_than_1000_transactions_are_400_too_many_items() {
        String contact = member(UUID.randomUUID().toString());
        String item = transaction(contact, 1, 1, "Purchase");

        Response r = api.post("/api/v2/point-accounts/transactions", "[" + String.join(",", Collections.nCopies(1001, item)) + "]");

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).startsWith("Too many items");
        assertThat(log(contact)).isEmpty();
    }

    @Test
    void transactions_for_the_balance_definition_or_an_unknown_one_are_400_new_point_system_not_active() {
        String contact = member(UUID.randomUUID().toString());

        Response balance = api.post("/api/v2/point-accounts/transactions", "[" + transaction(contact, 10, 2, "Purchase") + "]");
        Response unknown = api.post("/api/v2/point-accounts/transactions",
                "[" + transaction(contact, 10, 1, "Purchase") + "," + transaction(contact, 10, 9, "Purchase") + "]");

        assertThat(balance.status()).as(balance.toString()).isEqualTo(400);
        assertThat(balance.json().get("detail").asString()).startsWith("New point system not active");
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).startsWith("New point system not active");
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("[1].definitionId");
        assertThat(log(contact)).isEmpty();
    }

    @Test
    void a_batch_with_bad_items_among_good_ones_applies_nothing_and_lists_every_problem() {
        String contact = member(UUID.randomUUID().toString());
        String stranger = UUID.randomUUID().toString();

        Response r = api.post("/api/v2/point-accounts/transactions", "[" + String.join(",",
                transaction(contact, 10, 1, "Purchase"),
                transaction(contact, 0, 1, "Purchase"),
                transaction(stranger, 5, 1, "Purchase"),
                transaction(contact, 7, 1, "Purchase"),
                transaction("not-a-contact", 5, 1, "Purchase")) + "]");

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errors")).extracting(e -> e.get("field").asString())
                .containsExactly("[1].amount", "[2].contactId", "[4].contactId");
        assertThat(r.json().get("errors").get(1).get("message").asString()).contains(stranger);
        assertThat(account(contact, 1).get("balance").asLong()).isZero();
        assertThat(log(contact)).isEmpty();
    }

    @Test
    void a_return_is_applied_even_below_zero_because_the_master_is_the_truth() {
        String contact = member(UUID.randomUUID().toString());
        assertThat(api.post("/api/v2/point-accounts/transactions", "[" + transaction(contact, 10, 1, "Purchase") + "]").status()).isEqualTo(202);

        Response r = api.post("/api/v2/point-accounts/transactions", "[" + transaction(contact, -25, 1, "Return") + "]");

        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(account(contact, 1).get("balance").asLong()).isEqualTo(-15);
        List<JsonNode> entries = log(contact);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("source").asString()).isEqualTo("Return");
        assertThat(entries.get(0).get("amount").asLong()).isEqualTo(-25);
    }

    @Test
    void a_resent_batch_with_the_same_idempotency_key_is_applied_once() {
        String contact = member(UUID.randomUUID().toString());
        String batch = "[" + transaction(contact, 10, 1, "Purchase") + "," + transaction(contact, 5, 1, "Purchase") + "]";
        Api keyed = api.header("Idempotency-Key", "master-batch-1");

        Response first = keyed.post("/api/v2/point-accounts/transactions", batch);
        Response resent = keyed.post("/api/v2/point-accounts/transactions", batch);

        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(resent.status()).as(resent.toString()).isEqualTo(202);
        assertThat(resent.body()).isEqualTo(first.body());
        assertThat(resent.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(account(contact, 1).get("balance").asLong()).isEqualTo(15);
        assertThat(log(contact)).hasSize(2);
    }

    // ---- 3) The points log from the point master

    @Test
    void the_masters_points_log_comes_back_as_the_seed_shows_and_an_empty_one_as_an_empty_array() {
        String contact = member(UUID.randomUUID().toString());
        String newcomer = member(UUID.randomUUID().toString());
        master.answerHistory(newcomer, 200, "[]");

        Response r = api.get("/v1/members/" + contact + "/point-master-history");
        Response empty = api.get("/v1/members/" + newcomer + "/point-master-history");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(JSON.readTree(TestPointMaster.SEED_HISTORY));
        assertThat(r.json()).allSatisfy(i -> assertThat(names(i)).containsExactly("transactionDate", "amount", "description"));
        assertThat(empty.status()).as(empty.toString()).isEqualTo(200);
        assertThat(empty.body()).isEqualTo("[]");
        assertThat(master.historyRequests()).containsExactly(contact, newcomer);
    }

    @Test
    void a_master_that_fails_answers_garbage_or_hangs_is_a_502_problem() {
        String failing = member(UUID.randomUUID().toString());
        String notJson = member(UUID.randomUUID().toString());
        String object = member(UUID.randomUUID().toString());
        String noAmount = member(UUID.randomUUID().toString());
        master.answerHistory(failing, 500, "{\"error\": \"down\"}")
                .answerHistory(notJson, 200, "<html>Service Unavailable</html>")
                .answerHistory(object, 200, "{\"transactionDate\": \"2023-05-08T12:06:58Z\", \"amount\": 1900}")
                .answerHistory(noAmount, 200, "[{\"transactionDate\": \"2023-05-08T12:06:58Z\", \"description\": \"Purchase of tshirt\"}]");

        assertThatThrownBy(() -> api.get("/v1/members/" + failing + "/point-master-history"))
                .as("the test client fails a test on a 5xx it was not told to expect")
                .isInstanceOf(AssertionError.class).hasMessageContaining("GET /v1/members/" + failing + "/point-master-history answered 502");
        Api expecting502 = api.expecting5xx();
        assertThat(problem(expecting502.get("/v1/members/" + failing + "/point-master-history"))).isEqualTo("point-master-error");
        assertThat(problem(expecting502.get("/v1/members/" + notJson + "/point-master-history"))).isEqualTo("point-master-invalid-response");
        assertThat(problem(expecting502.get("/v1/members/" + object + "/point-master-history"))).isEqualTo("point-master-invalid-response");
        assertThat(problem(expecting502.get("/v1/members/" + noAmount + "/point-master-history"))).isEqualTo("point-master-invalid-response");

        master.hangHistory();
        Response hung = expecting502.get("/v1/members/" + failing + "/point-master-history");
        assertThat(problem(hung)).isEqualTo("point-master-timeout");
        assertThat(hung.json().get("detail").asString()).as("LAUREL_POINT_MASTER_TIMEOUT, as the tests set it, is the wait")
                .contains("within " + POINT_MASTER_TIMEOUT_MS + " ms");
    }

    @Test
    void the_points_log_of_an_unknown_member_is_404_and_the_master_is_not_asked() {
        Response r = api.get("/v1/members/" + UUID.randomUUID() + "/point-master-history");

        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        assertThat(master.historyRequests()).isEmpty();
    }

    // ---- 4) Adjustments by webhook

    @Test
    void manual_and_automation_adjustments_are_not_applied_but_sent_to_the_master_encrypted_and_signed_as_the_seed_shows() {
        member(SEED_CONTACT);

        Response manual = api.post("/v1/members/" + SEED_CONTACT + "/adjustments", MANUAL_ADJUSTMENT);
        Response automation = api.post("/v1/members/" + SEED_CONTACT + "/adjustments", AUTOMATION_ADJUSTMENT);

        for (Response r : List.of(manual, automation)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(202);
            assertThat(r.json().get("status").asString()).isEqualTo("SENT_TO_POINT_MASTER");
            assertThat(r.json().get("detail").asString()).isNotBlank();
        }
        assertThat(log(SEED_CONTACT)).isEmpty();
        assertThat(account(SEED_CONTACT, 1).get("balance").asLong()).isZero();
        assertThat(master.webhooks()).isEmpty();

        JsonNode delivery = sweep(jobs(), "webhook-delivery");

        assertThat(delivery.get("details").get("delivered").asLong()).isEqualTo(2);
        assertThat(master.webhooks()).hasSize(2);
        String manualId = manual.json().get("webhookEventId").asString();
        String automationId = automation.json().get("webhookEventId").asString();
        Received manualCall = received(manualId).get(0);
        Received automationCall = received(automationId).get(0);
        for (Received call : List.of(manualCall, automationCall)) {
            JsonNode envelope = JSON.readTree(call.body());
            assertThat(names(envelope)).containsExactlyElementsOf(names(JSON.readTree(WEBHOOK_ENVELOPE)));
            assertThat(envelope.get("eventType").asString()).isEqualTo("loyalty.addPoints");
            assertThat(UUID.fromString(envelope.get("id").asString())).isNotNull();
            assertThat(envelope.get("tenant").asString()).isEqualTo(program.id());
            assertThat(call.header("webhook-id")).isEqualTo(envelope.get("id").asString());
            assertThat(call.header("webhook-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
            assertThat(call.header("webhook-signature"))
                    .isEqualTo("v1," + hmac(SIGNING_SECRET, call.header("webhook-id") + "." + call.header("webhook-timestamp") + "." + call.body()));
            assertThat(call.header("content-type")).isEqualTo("application/json");
        }
        assertSeedPayload(decrypt(ENCRYPTION_KEY, JSON.readTree(manualCall.body()).get("payload").asString()), MANUAL_PAYLOAD);
        byte[] automationPlain = decrypt(ENCRYPTION_KEY, JSON.readTree(automationCall.body()).get("payload").asString());
        assertSeedPayload(automationPlain, AUTOMATION_PAYLOAD);
        assertThat(automationPlain).hasSize(278);
        assertThat(Base64.getDecoder().decode(JSON.readTree(automationCall.body()).get("payload").asString())).hasSize(304);
        assertThat(Base64.getDecoder().decode(JSON.readTree(WEBHOOK_ENVELOPE).get("payload").asString())).hasSize(304);
        assertThat(delivery(manualId).get("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivery(automationId).get("status").asString()).isEqualTo("DELIVERED");
        assertThat(log(SEED_CONTACT)).isEmpty();
    }

    @Test
    void a_failing_master_is_retried_on_the_backoff_with_the_same_event_id_until_it_takes_the_adjustment() {
        member(SEED_CONTACT);
        master.answerWebhooks(500, 500, 200);
        String id = api.post("/v1/members/" + SEED_CONTACT + "/adjustments", MANUAL_ADJUSTMENT).json().get("webhookEventId").asString();

        jobs();

        JsonNode failing = delivery(id);
        assertThat(failing.get("status").asString()).isEqualTo("QUEUED");
        assertThat(failing.get("attempts").asInt()).isEqualTo(1);
        assertThat(failing.get("lastStatus").asInt()).isEqualTo(500);
        assertThat(failing.get("lastError").asString()).contains("500");
        assertThat(failing.get("nextAttemptAt").asString()).isEqualTo(NOW.plus(BACKOFF.get(0)).toString());

        clock.advance(BACKOFF.get(0).minusSeconds(1));
        jobs();
        assertThat(master.webhooks()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        jobs();
        assertThat(master.webhooks()).hasSize(2);
        assertThat(delivery(id).get("attempts").asInt()).isEqualTo(2);
        assertThat(delivery(id).get("status").asString()).isEqualTo("QUEUED");

        clock.advance(BACKOFF.get(1));
        jobs();

        JsonNode delivered = delivery(id);
        assertThat(delivered.get("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivered.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivered.get("lastStatus").asInt()).isEqualTo(200);
        assertThat(delivered.get("lastError").isNull()).isTrue();
        assertThat(delivered.get("deliveredAt").asString()).isEqualTo(NOW.plus(BACKOFF.get(0)).plus(BACKOFF.get(1)).toString());
        assertThat(master.webhooks()).hasSize(3);
        assertThat(master.webhooks()).allSatisfy(call -> {
            assertThat(JSON.readTree(call.body()).get("id").asString()).isEqualTo(id);
            assertThat(call.header("webhook-id")).isEqualTo(id);
            assertSeedPayload(decrypt(ENCRYPTION_KEY, JSON.readTree(call.body()).get("payload").asString()), MANUAL_PAYLOAD);
        });

        clock.advance(Duration.ofDays(2));
        jobs();
        assertThat(master.webhooks()).hasSize(3);
    }

    @Test
    void a_master_that_always_fails_makes_the_event_dead_after_7_attempts_and_redelivery_sends_it_again() {
        member(SEED_CONTACT);
        master.answerWebhooks(500);
        String id = api.post("/v1/members/" + SEED_CONTACT + "/adjustments", AUTOMATION_ADJUSTMENT).json().get("webhookEventId").asString();

        jobs();
        for (Duration wait : BACKOFF) {
            assertThat(delivery(id).get("status").asString()).isEqualTo("QUEUED");
            clock.advance(wait);
            jobs();
        }

        JsonNode dead = delivery(id);
        assertThat(dead.get("status").asString()).isEqualTo("DEAD");
        assertThat(dead.get("attempts").asInt()).isEqualTo(7);
        assertThat(dead.get("lastError").asString()).contains("500");
        assertThat(master.webhooks()).hasSize(7);
        clock.advance(Duration.ofDays(3));
        jobs();
        assertThat(master.webhooks()).hasSize(7);
        assertThat(deliveries("?status=DEAD").get("items")).extracting(e -> e.get("id").asString()).containsExactly(id);

        master.answerWebhooks(200);
        Response redeliver = api.post("/v1/webhooks/deliveries/" + id + "/redeliver", "");
        assertThat(redeliver.status()).as(redeliver.toString()).isEqualTo(200);
        assertThat(redeliver.json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(redeliver.json().get("attempts").asInt()).isZero();
        jobs();

        assertThat(delivery(id).get("status").asString()).isEqualTo("DELIVERED");
        assertThat(master.webhooks()).hasSize(8);
        assertThat(master.webhooks()).allSatisfy(call -> assertThat(call.header("webhook-id")).isEqualTo(id));
        assertThat(JSON.readTree(master.webhooks().get(7).body()).get("id").asString()).isEqualTo(id);
    }

    @Test
    void an_adjustment_made_before_the_webhook_is_configured_waits_without_using_attempts_and_is_delivered_once_it_is() {
        program = newProgram(TestProgram.POINT_FOLLOWER, overrides(master), TestProgram::withoutAdjustmentsWebhook);
        api = as(program);
        assertThat(program.yaml()).doesNotContain("adjustmentsWebhook").contains("historyUrl");
        member(SEED_CONTACT);
        Response r = api.post("/v1/members/" + SEED_CONTACT + "/adjustments", MANUAL_ADJUSTMENT);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.json().get("status").asString()).isEqualTo("SENT_TO_POINT_MASTER");
        String id = r.json().get("webhookEventId").asString();

        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                clock.advance(Duration.ofMinutes(1));
            }
            assertThat(sweep(jobs(), "webhook-delivery").get("details").get("waiting").asLong()).isEqualTo(1);
            JsonNode waiting = delivery(id);
            assertThat(waiting.get("status").asString()).isEqualTo("QUEUED");
            assertThat(waiting.get("attempts").asInt()).isZero();
            assertThat(waiting.get("lastError").asString()).contains("adjustmentsWebhook");
        }
        assertThat(master.webhooks()).isEmpty();

        ObjectNode document = (ObjectNode) api.get("/v1/programs/" + program.id()).json();
        ObjectNode hook = ((ObjectNode) document.get("pointMaster")).putObject("adjustmentsWebhook");
        hook.put("url", master.url() + "/webhooks/points");
        hook.put("encryptionKey", ENCRYPTION_KEY);
        hook.put("signingSecret", SIGNING_SECRET);
        Response put = api.put("/v1/programs/" + program.id(), JSON.writeValueAsString(document));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("changed").asBoolean()).isTrue();

        jobs();
        assertThat(master.webhooks()).as("not due before its one-minute recheck").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        jobs();

        JsonNode delivered = delivery(id);
        assertThat(delivered.get("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivered.get("attempts").asInt()).isEqualTo(1);
        assertThat(master.webhooks()).hasSize(1);
        Received call = master.webhooks().get(0);
        assertThat(call.header("webhook-id")).isEqualTo(id);
        assertSeedPayload(decrypt(ENCRYPTION_KEY, JSON.readTree(call.body()).get("payload").asString()), MANUAL_PAYLOAD);
    }

    @Test
    void a_resent_adjustment_with_the_same_idempotency_key_is_sent_to_the_master_once() {
        member(SEED_CONTACT);
        Api keyed = api.header("Idempotency-Key", "adjust-once");

        Response first = keyed.post("/v1/members/" + SEED_CONTACT + "/adjustments", MANUAL_ADJUSTMENT);
        Response resent = keyed.post("/v1/members/" + SEED_CONTACT + "/adjustments", MANUAL_ADJUSTMENT);
        jobs();

        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(resent.status()).as(resent.toString()).isEqualTo(202);
        assertThat(resent.json().get("webhookEventId").asString()).isEqualTo(first.json().get("webhookEventId").asString());
        assertThat(deliveries("").get("items")).hasSize(1);
        assertThat(master.webhooks()).hasSize(1);
    }

    @Test
    void a_program_document_read_with_get_and_sent_back_keeps_the_webhooks_secrets() {
        member(SEED_CONTACT);
        Response read = api.get("/v1/programs/" + program.id());
        JsonNode hook = read.json().get("pointMaster").get("adjustmentsWebhook");
        assertThat(hook.get("url").asString()).isEqualTo(master.url() + "/webhooks/points");
        assertThat(hook.has("encryptionKey")).isFalse();
        assertThat(hook.has("signingSecret")).isFalse();
        assertThat(read.body()).doesNotContain(ENCRYPTION_KEY).doesNotContain(SIGNING_SECRET);

        Response put = api.put("/v1/programs/" + program.id(), read.body());

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("changed").asBoolean()).isFalse();
        String id = api.post("/v1/members/" + SEED_CONTACT + "/adjustments", MANUAL_ADJUSTMENT).json().get("webhookEventId").asString();
        jobs();
        assertThat(delivery(id).get("status").asString()).isEqualTo("DELIVERED");
        Received call = master.webhooks().get(0);
        assertSeedPayload(decrypt(ENCRYPTION_KEY, JSON.readTree(call.body()).get("payload").asString()), MANUAL_PAYLOAD);
        assertThat(call.header("webhook-signature"))
                .isEqualTo("v1," + hmac(SIGNING_SECRET, call.header("webhook-id") + "." + call.header("webhook-timestamp") + "." + call.body()));
    }

    @Test
    void an_adjustment_accepted_before_a_restart_is_delivered_by_the_next_laurel() {
        member(SEED_CONTACT);
        String id = api.post("/v1/members/" + SEED_CONTACT + "/adjustments", AUTOMATION_ADJUSTMENT).json().get("webhookEventId").asString();
        assertThat(delivery(id).get("status").asString()).isEqualTo("QUEUED");

        try (ConfigurableApplicationContext next = new SpringApplicationBuilder(LaurelApplication.class).run("--server.port=0",
                "--laurel.db.url=" + TestDatabase.url(), "--laurel.db.username=" + TestDatabase.username(),
                "--laurel.db.password=" + TestDatabase.password(), "--laurel.sweeps.enabled=false")) {
            next.getBean(Sweeps.class).runAll(Optional.of(program.id()));
        }

        assertThat(delivery(id).get("status").asString()).isEqualTo("DELIVERED");
        assertThat(master.webhooks()).hasSize(1);
        assertThat(master.webhooks().get(0).header("webhook-id")).isEqualTo(id);
        byte[] plain = decrypt(ENCRYPTION_KEY, JSON.readTree(master.webhooks().get(0).body()).get("payload").asString());
        assertSeedPayload(plain, AUTOMATION_PAYLOAD);
    }

    // ---- Reconciliation

    @Test
    void reconciliation_shows_what_each_side_lacks_and_the_drift_between_them() {
        String contact = member(UUID.randomUUID().toString());
        clock.set(Instant.parse("2023-05-10T00:00:00Z"), true);
        Response synced = api.post("/api/v2/point-accounts/transactions", "[" + String.join(",",
                transaction(contact, 1900, 1, "Purchase", "2023-05-08T12:06:58Z", "Purchase of tshirt"),
                transaction(contact, 300, 1, "Purchase", "2023-05-09T09:00:00Z", "Purchase of socks")) + "]");
        assertThat(synced.status()).as(synced.toString()).isEqualTo(202);

        Response r = api.get("/v1/members/" + contact + "/reconciliation?definitionId=1");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode report = r.json();
        assertThat(report.get("masterTotal").asLong()).isEqualTo(3400);
        assertThat(report.get("laurelTotal").asLong()).isEqualTo(2200);
        assertThat(report.get("drift").asLong()).isEqualTo(1200);
        assertThat(report.get("inSync").asBoolean()).isFalse();
        assertThat(report.get("missingInLaurel")).hasSize(1);
        assertThat(report.get("missingInLaurel").get(0).get("description").asString()).isEqualTo("Purchase of jeans");
        assertThat(report.get("missingInLaurel").get(0).get("amount").asLong()).isEqualTo(1500);
        assertThat(report.get("missingInLaurel").get(0).get("transactionDate").asString()).isEqualTo("2023-05-08T12:02:55Z");
        assertThat(report.get("missingAtMaster")).hasSize(1);
        assertThat(report.get("missingAtMaster").get(0).get("description").asString()).isEqualTo("Purchase of socks");
        assertThat(report.get("missingAtMaster").get(0).get("amount").asLong()).isEqualTo(300);
        String socks = log(contact).stream().filter(e -> e.get("description").asString().equals("Purchase of socks")).findFirst()
                .orElseThrow().get("id").asString();
        assertThat(report.get("missingAtMaster").get(0).get("entryId").asString()).isEqualTo(socks);

        Response balance = api.get("/v1/members/" + contact + "/reconciliation?definitionId=2");
        assertThat(balance.status()).as(balance.toString()).isEqualTo(400);
        assertThat(balance.json().get("errors").get(0).get("field").asString()).isEqualTo("definitionId");
    }

    @Test
    void an_account_with_every_master_transaction_is_in_sync() {
        String contact = member(UUID.randomUUID().toString());
        clock.set(Instant.parse("2023-05-10T00:00:00Z"), true);
        Response synced = api.post("/api/v2/point-accounts/transactions", "[" + String.join(",",
                transaction(contact, 1900, 1, "Purchase", "2023-05-08T12:06:58Z", "Purchase of tshirt"),
                transaction(contact, 1500, 1, "Purchase", "2023-05-08T12:02:55Z", "Purchase of jeans")) + "]");
        assertThat(synced.status()).as(synced.toString()).isEqualTo(202);

        JsonNode report = api.get("/v1/members/" + contact + "/reconciliation?definitionId=1").json();

        assertThat(report.get("drift").asLong()).isZero();
        assertThat(report.get("missingInLaurel")).isEmpty();
        assertThat(report.get("missingAtMaster")).isEmpty();
        assertThat(report.get("inSync").asBoolean()).isTrue();
    }

    // ---- Deliveries

    @Test
    void deliveries_are_listed_newest_first_filtered_by_status_and_paged_and_another_programs_are_not_found() {
        member(SEED_CONTACT);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.post("/v1/members/" + SEED_CONTACT + "/adjustments", MANUAL_ADJUSTMENT).json().get("webhookEventId").asString());
            clock.advance(Duration.ofSeconds(1));
        }
        jobs();
        ids.add(api.post("/v1/members/" + SEED_CONTACT + "/adjustments", AUTOMATION_ADJUSTMENT).json().get("webhookEventId").asString());
        List<String> newestFirst = new ArrayList<>(ids);
        Collections.reverse(newestFirst);

        assertThat(deliveries("").get("items")).extracting(e -> e.get("id").asString()).containsExactlyElementsOf(newestFirst);
        assertThat(deliveries("?status=DELIVERED").get("items")).extracting(e -> e.get("id").asString())
                .containsExactlyElementsOf(newestFirst.subList(1, 4));
        assertThat(deliveries("?status=QUEUED").get("items")).extracting(e -> e.get("id").asString()).containsExactly(ids.get(3));
        assertThat(deliveries("?status=DEAD").get("items")).isEmpty();

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = deliveries("?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(e -> paged.add(e.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(paged).containsExactlyElementsOf(newestFirst);
        assertThat(pages).isEqualTo(2);

        Response bad = api.get("/v1/webhooks/deliveries?status=LOST");
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("status");

        Api other = as(newProgram(TestProgram.POINT_FOLLOWER));
        assertThat(other.get("/v1/webhooks/deliveries/" + ids.get(0)).status()).isEqualTo(404);
        assertThat(other.post("/v1/webhooks/deliveries/" + ids.get(0) + "/redeliver", "").status()).isEqualTo(404);
        assertThat(other.get("/v1/webhooks/deliveries").json().get("items")).isEmpty();
        assertThat(api.get("/v1/webhooks/deliveries/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(delivery(ids.get(0)).get("status").asString()).isEqualTo("DELIVERED");
    }

    // ---- helpers

    private String member(String id) {
        Response r = api.post("/v1/members", "{\"id\": \"" + id + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return id;
    }

    private List<String> members(int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                created.add(pool.submit(() -> member(UUID.randomUUID().toString())));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : created) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String balance(String contact, long amount, String timeStamp) {
        return "{\"contactId\": \"" + contact + "\", \"amount\": " + amount + ", \"definitionId\": 2, \"timeStamp\": \"" + timeStamp + "\"}";
    }

    /** Sends balances, runs the sweeps and answers the request's id. */
    private String balances(String... items) {
        Response r = api.post("/api/v2/point-accounts/balances", "[" + String.join(",", items) + "]");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        jobs();
        return r.json().get("id").asString();
    }

    private static String transaction(String contact, long amount, int definitionId, String source) {
        return transaction(contact, amount, definitionId, source, "2024-02-29T10:00:00Z", "Gilded gauntlets");
    }

    private static String transaction(String contact, long amount, int definitionId, String source, String timeStamp, String description) {
        return "{\"contactId\": \"" + contact + "\", \"amount\": " + amount + ", \"definitionId\": " + definitionId
                + ", \"timeStamp\": \"" + timeStamp + "\", \"source\": \"" + source + "\", \"description\": \"" + description + "\"}";
    }

    private JsonNode status(String id) {
        Response r = api.get("/api/v2/point-accounts/balances/status/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private JsonNode jobs() {
        Response r = api.post("/v1/admin/jobs/run", "");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode sweep(JsonNode jobs, String name) {
        for (JsonNode s : jobs.get("sweeps")) {
            if (s.get("name").asString().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no sweep " + name + " in " + jobs);
    }

    private JsonNode account(String member, int definitionId) {
        Response r = api.get("/v1/members/" + member + "/point-accounts");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode a : r.json()) {
            if (a.get("definitionId").asInt() == definitionId) {
                return a;
            }
        }
        throw new AssertionError("no account of definition " + definitionId + " in " + r);
    }

    /** The member's points log, newest first. */
    private List<JsonNode> log(String member) {
        Response r = api.get("/v1/members/" + member + "/points-log?limit=500");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        r.json().get("items").forEach(entries::add);
        return entries;
    }

    private JsonNode delivery(String id) {
        Response r = api.get("/v1/webhooks/deliveries/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private JsonNode deliveries(String query) {
        Response r = api.get("/v1/webhooks/deliveries" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private List<Received> received(String eventId) {
        return master.webhooks().stream().filter(c -> JSON.readTree(c.body()).get("id").asString().equals(eventId)).toList();
    }

    private static String problem(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        return r.json().get("code").asString();
    }

    private static List<String> names(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }

    /** The decrypted payload has the seed's fields, with the seed's values, in the seed's order. */
    private static void assertSeedPayload(byte[] plaintext, String seedPayload) {
        JsonNode actual = JSON.readTree(plaintext);
        JsonNode expected = LENIENT.readTree(seedPayload);
        assertThat(names(actual)).containsExactlyElementsOf(names(expected));
        for (String name : names(expected)) {
            assertThat(actual.get(name)).as(name).isEqualTo(expected.get(name));
        }
        assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo(JSON.writeValueAsString(expected));
    }

    /** Engage's decryption, as the point master does it: AES-256-CBC, the first 16 bytes the IV, the rest the ciphertext. */
    private static byte[] decrypt(String key, String payload) {
        try {
            byte[] all = Base64.getDecoder().decode(payload);
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(all, 0, 16)));
            return cipher.doFinal(Arrays.copyOfRange(all, 16, all.length));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("the payload does not decrypt with the configured key", e);
        }
    }

    private static String hmac(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static String squash(String text) {
        return text.replaceAll("\\s+", "");
    }
}
