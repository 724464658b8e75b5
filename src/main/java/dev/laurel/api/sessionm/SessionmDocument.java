package dev.laurel.api.sessionm;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The shapes of SessionM's answers, field for field as the SessionM workflow document names them, for the OpenAPI
 * document: {@link UserMapper} writes them as maps, in the document's order. A field SessionM has and Laurel does not
 * model comes from the member's custom attribute of the same name, else its neutral value (UserMapper).
 */
final class SessionmDocument {

    static final String SEARCH_EXAMPLE = """
            {"status": "ok", "user": {"id": "6cb9eee8-4a90-11e9-b863-0242ac11000c", "external_id": "ZTEST002", "opted_in": true,
             "activated": false, "proxy_ids": [], "available_points": 2000, "test_points": 0, "unclaimed_achievement_count": 0,
             "email": "ztest002@example.com", "gender": "m", "dob": "1999-07-01", "created_at": "2019-03-19 21:46:17",
             "updated_at": "2019-03-22 18:12:03", "address": "222 Main St.", "address2": "APT 11", "city": "BOSTON", "zip": "02210",
             "dma": "506", "state": "MA", "country": "USA", "suspended": false, "last_name": "Lei", "first_name": "ZZZ002",
             "registered_at": "2019-03-19 21:46:17", "profile_photo_url": "/images/account-neutral.png", "account_status": "good",
             "current_zip": "02210", "current_dma": "506", "current_state": "MA", "current_country": "USA", "tier": "SILVER",
             "tier_system": "ACME Tier System", "tier_points": 2000, "next_tier_points": 8000, "tier_ends_value": 10000,
             "tier_entered_at": "2019-03-22 18:12:02", "tier_resets_at": "2020-03-21 18:12:02",
             "tier_details": {"tier_levels": [{"id": "7cbd3226-94fe-4c7e-b680-16da12483afe",
               "tier_system_id": "057fa4e6-b443-4a2c-a3da-23629e86b34b", "tier_level_id": "33fe1242-dbae-4545-95e0-7c73740b7d61",
               "user_id": "6cb9eee8-4a90-11e9-b863-0242ac11000c", "join_date": "2019-03-22T18:12:02.78",
               "tier_overview": {"id": "33fe1242-dbae-4545-95e0-7c73740b7d61", "tier_system_id": "057fa4e6-b443-4a2c-a3da-23629e86b34b",
                 "retailer_id": "66f9b3f2-7770-4dca-ac8e-2a1ef7e8e54b", "name": "SILVER", "rank": 2, "status": 2},
               "next_tier_overview": {"id": "913bc21b-3906-4b86-9e23-016d6b286877", "tier_system_id": "057fa4e6-b443-4a2c-a3da-23629e86b34b",
                 "retailer_id": "66f9b3f2-7770-4dca-ac8e-2a1ef7e8e54b", "name": "GOLD", "rank": 3, "status": 2},
               "tier_progress": [{"rule_tree_id": "5f8d9fb1-b4de-4d8e-a7d7-b144182fd84a", "rules": [{"query_result": 2000,
                 "rule_id": "f2423f45-cb36-487e-a560-0bc2c6d062f4", "parent_id": "d2a7f6df-d878-4ff8-8a19-5936f5d3573f",
                 "tree_id": "5f8d9fb1-b4de-4d8e-a7d7-b144182fd84a", "rule_passed": false, "rule": {"discriminator": 2048,
                 "target_balance": 10000, "comparison": 4, "id": "f2423f45-cb36-487e-a560-0bc2c6d062f4",
                 "retailer_id": "66f9b3f2-7770-4dca-ac8e-2a1ef7e8e54b", "parent_id": "d2a7f6df-d878-4ff8-8a19-5936f5d3573f", "rank": 0,
                 "is_new": false, "constraints": [{"discriminator": 8, "point_accounts": {"d519facf-bdf8-41ae-b6a1-a4683b20c6f1": "ACME Account"},
                 "id": "f7cf3877-c83b-40f4-a963-202c4a0ebe58", "rule_id": "f2423f45-cb36-487e-a560-0bc2c6d062f4", "is_new": false,
                 "rank": 0}]}}], "discriminator": 2, "rule_tree_name": ""}]}]},
             "point_account_balances": {"retailer_id": "66f9b3f2-7770-4dca-ac8e-2a1ef7e8e54b", "user_id": "6cb9eee8-4a90-11e9-b863-0242ac11000c",
               "summary": {"total_points": 4000, "life_time_points": 4000}, "details": [
               {"account_name": "ACME Spendable Account", "user_point_account_id": "2ad0914b-55a8-486c-a565-442e728e4e7f",
                "point_account_id": "657ebb21-af8a-48f1-86eb-3d239d7731ab", "grouping_label": "Spend", "available_balance": 2000,
                "life_time_value": 2000},
               {"account_name": "ACME Spendable Escrow Account", "user_point_account_id": "",
                "point_account_id": "f7465a37-0c79-45a6-b127-520bf1c696ca", "grouping_label": "", "available_balance": 0, "life_time_value": 0},
               {"account_name": "ACME Tier Qualifying Account", "user_point_account_id": "282420ea-1a2e-4ce7-8de5-6c007bcec17f",
                "point_account_id": "d519facf-bdf8-41ae-b6a1-a4683b20c6f1", "grouping_label": "Tier", "available_balance": 2000,
                "life_time_value": 2000}]}}}""";

    static final String ALL_BALANCES_EXAMPLE = """
            {"status": "ok", "point_account_balances": {"retailer_id": "66f9b3f2-7770-4dca-ac8e-2a1ef7e8e54b",
             "user_id": "6cb9eee8-4a90-11e9-b863-0242ac11000c", "summary": {"total_points": 4000, "life_time_points": 4000}, "details": [
             {"account_name": "ACME Spendable Account", "user_point_account_id": "2ad0914b-55a8-486c-a565-442e728e4e7f",
              "point_account_id": "657ebb21-af8a-48f1-86eb-3d239d7731ab", "grouping_label": "Spend", "available_balance": 2000,
              "life_time_value": 2000},
             {"account_name": "ACME Spendable Escrow Account", "user_point_account_id": "",
              "point_account_id": "f7465a37-0c79-45a6-b127-520bf1c696ca", "grouping_label": "", "available_balance": 0, "life_time_value": 0},
             {"account_name": "ACME Tier Qualifying Account", "user_point_account_id": "282420ea-1a2e-4ce7-8de5-6c007bcec17f",
              "point_account_id": "d519facf-bdf8-41ae-b6a1-a4683b20c6f1", "grouping_label": "Tier", "available_balance": 2000,
              "life_time_value": 2000}]}}""";

    static final String BALANCE_EXAMPLE = """
            {"status": "ok", "point_account_balance": {"account_name": "ACME Spendable Account",
             "user_point_account_id": "2ad0914b-55a8-486c-a565-442e728e4e7f", "point_account_id": "657ebb21-af8a-48f1-86eb-3d239d7731ab",
             "grouping_label": "Spend", "available_balance": 2000, "life_time_value": 2000}}""";

    private SessionmDocument() {}

    @Schema(name = "SessionmSearchAnswer")
    record SearchAnswer(@Schema(example = "ok") String status, User user) {}

    @Schema(name = "SessionmAllBalancesAnswer")
    record AllBalancesAnswer(@Schema(example = "ok") String status,
            @JsonProperty("point_account_balances") PointAccountBalances pointAccountBalances) {}

    @Schema(name = "SessionmBalanceAnswer")
    record BalanceAnswer(@Schema(example = "ok") String status, @JsonProperty("point_account_balance") PointAccountDetail pointAccountBalance) {}

    @Schema(name = "SessionmUser", description = "`user_profile` with `user[user_profile]=true`, `identifiers` with "
            + "`show_identifiers=true`, `tier_details` and `point_account_balances` with `expand_incentives=true`. Times are UTC.")
    record User(String id, @JsonProperty("external_id") String externalId, @JsonProperty("opted_in") boolean optedIn, Boolean activated,
            @JsonProperty("proxy_ids") List<String> proxyIds, @JsonProperty("available_points") long availablePoints,
            @JsonProperty("test_points") Long testPoints, @JsonProperty("unclaimed_achievement_count") Long unclaimedAchievementCount,
            String email, String gender, @Schema(example = "1999-07-01") String dob,
            @JsonProperty("created_at") @Schema(example = "2019-03-19 21:46:17") String createdAt,
            @JsonProperty("updated_at") String updatedAt, String address, String address2, String city, String zip, String dma,
            String state, String country, Boolean suspended, @JsonProperty("last_name") String lastName,
            @JsonProperty("first_name") String firstName, @JsonProperty("registered_at") String registeredAt,
            @JsonProperty("profile_photo_url") String profilePhotoUrl, @JsonProperty("account_status") String accountStatus,
            @JsonProperty("current_zip") String currentZip, @JsonProperty("current_dma") String currentDma,
            @JsonProperty("current_state") String currentState, @JsonProperty("current_country") String currentCountry,
            @Schema(example = "SILVER") String tier, @JsonProperty("tier_system") String tierSystem,
            @JsonProperty("tier_points") Long tierPoints, @JsonProperty("next_tier_points") Long nextTierPoints,
            @JsonProperty("tier_ends_value") Long tierEndsValue, @JsonProperty("tier_entered_at") String tierEnteredAt,
            @JsonProperty("tier_resets_at") String tierResetsAt,
            @JsonProperty("user_profile") @Schema(description = "The member's custom attributes") Map<String, Object> userProfile,
            List<Identifier> identifiers, @JsonProperty("tier_details") TierDetails tierDetails,
            @JsonProperty("point_account_balances") PointAccountBalances pointAccountBalances) {}

    @Schema(name = "SessionmIdentifier")
    record Identifier(@JsonProperty("external_id_type") String externalIdType, @JsonProperty("external_id") String externalId) {}

    @Schema(name = "SessionmTierDetails")
    record TierDetails(@JsonProperty("tier_levels") List<TierLevel> tierLevels) {}

    @Schema(name = "SessionmTierLevel")
    record TierLevel(String id, @JsonProperty("tier_system_id") String tierSystemId, @JsonProperty("tier_level_id") String tierLevelId,
            @JsonProperty("user_id") String userId, @JsonProperty("join_date") String joinDate,
            @JsonProperty("tier_overview") TierOverview tierOverview, @JsonProperty("next_tier_overview") TierOverview nextTierOverview,
            @JsonProperty("tier_progress") List<RuleTree> tierProgress) {}

    @Schema(name = "SessionmTierOverview")
    record TierOverview(String id, @JsonProperty("tier_system_id") String tierSystemId, @JsonProperty("retailer_id") String retailerId,
            String name, int rank, int status) {}

    @Schema(name = "SessionmRuleTree")
    record RuleTree(@JsonProperty("rule_tree_id") String ruleTreeId, List<RuleResult> rules, int discriminator,
            @JsonProperty("rule_tree_name") String ruleTreeName) {}

    @Schema(name = "SessionmRuleResult")
    record RuleResult(@JsonProperty("query_result") long queryResult, @JsonProperty("rule_id") String ruleId,
            @JsonProperty("parent_id") String parentId, @JsonProperty("tree_id") String treeId,
            @JsonProperty("rule_passed") boolean rulePassed, Rule rule) {}

    @Schema(name = "SessionmRule")
    record Rule(int discriminator, @JsonProperty("target_balance") long targetBalance, int comparison, String id,
            @JsonProperty("retailer_id") String retailerId, @JsonProperty("parent_id") String parentId, int rank,
            @JsonProperty("is_new") boolean isNew, List<Constraint> constraints) {}

    @Schema(name = "SessionmConstraint")
    record Constraint(int discriminator, @JsonProperty("point_accounts") Map<String, String> pointAccounts, String id,
            @JsonProperty("rule_id") String ruleId, @JsonProperty("is_new") boolean isNew, int rank) {}

    @Schema(name = "SessionmPointAccountBalances")
    record PointAccountBalances(@JsonProperty("retailer_id") String retailerId, @JsonProperty("user_id") String userId, Summary summary,
            List<PointAccountDetail> details) {}

    @Schema(name = "SessionmPointsSummary")
    record Summary(@JsonProperty("total_points") long totalPoints, @JsonProperty("life_time_points") long lifeTimePoints) {}

    @Schema(name = "SessionmPointAccountDetail", description = "A point account, each followed by its escrow account when it has one")
    record PointAccountDetail(@JsonProperty("account_name") String accountName,
            @JsonProperty("user_point_account_id") String userPointAccountId, @JsonProperty("point_account_id") String pointAccountId,
            @JsonProperty("grouping_label") String groupingLabel, @JsonProperty("available_balance") long availableBalance,
            @JsonProperty("life_time_value") long lifeTimeValue) {}
}
