package dev.laurel.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.Money;
import dev.laurel.programs.Program.CashOut;
import dev.laurel.programs.Program.CashOutSchedule;
import dev.laurel.programs.Program.CatalogueReward;
import dev.laurel.programs.Program.CodeSource;
import dev.laurel.programs.Program.RewardKind;
import dev.laurel.programs.ProgramDocuments.Format;
import dev.laurel.programs.ProgramDocuments.Parsed;
import dev.laurel.programs.ProgramDocuments.Variables;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The program document's {@code rewards} (the catalogue) and {@code cashOut} sections: what they read into, and every
 * rule a schema cannot say, each refused with its field and message.
 */
class RewardsAndCashOutSectionsTest {

    private static final String BASE = """
            id: test-program
            name: Test program
            apiKeys:
              - name: admin
                secret: admin-secret-0123456789
                scopes: [admin]
            pointDefinitions:
              - { id: 1, name: Points, purpose: SPENDABLE }
              - { id: 2, name: Tier points, purpose: TIER_QUALIFYING }
              - { id: 3, name: Followed, purpose: SPENDABLE, follower: TRANSACTIONS }
            """;

    private static Parsed parse(String text) {
        return ProgramDocuments.parse("test.yaml", ProgramDocuments.read("test.yaml", text, Format.YAML), Variables.NONE, null);
    }

    private static void assertOnlyError(String text, String field, String... messageParts) {
        List<FieldError> errors;
        try {
            errors = fail("expected the document to be refused, but it parsed to " + parse(text).program());
        } catch (InvalidProgram e) {
            errors = e.errors();
        }
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.message()).contains(messageParts);
        });
    }

    private static String reward(String fields) {
        return BASE + """
                rewards:
                  - id: coffee
                    name: Coffee
                %s""".formatted(fields.indent(4));
    }

    private static String cashOut(String fields) {
        return BASE + "cashOut:\n" + fields.indent(2);
    }

    private static final String CASH_OUT = """
            pointDefinition: 1
            schedule: QUARTER_END
            startsOn: 2030-01-01
            step: 2000
            stepValue: { amount: 20.00, currency: USD }
            """;

    @Test
    void a_catalogue_and_cash_out_read_into_the_program_with_their_defaults_and_back_from_the_stored_form() {
        Parsed parsed = parse(BASE + """
                rewards:
                  - { id: coffee, name: Coffee, cost: 500, pointDefinition: 1, kind: VOUCHER, item: A small coffee, stock: 10,
                      perMemberLimit: 2, startsAt: 2030-01-01T00:00:00Z, endsAt: 2030-12-31T00:00:00Z,
                      eligibility: { attributes: { region: north } }, voucherValidDays: 30 }
                  - { id: card, name: Card, cost: 2000, pointDefinition: 1, kind: GIFT_CARD, value: { amount: 20, currency: USD },
                      codes: POOL }
                  - { id: yen, name: Yen off, cost: 100, pointDefinition: 1, kind: VOUCHER, value: { amount: 500, currency: JPY } }
                cashOut:
                  pointDefinition: 1
                  schedule: DATES
                  dates: [2030-03-31, 2030-09-30]
                  startsOn: 2030-01-01
                  step: 2000
                  stepValue: { amount: 20.00, currency: USD }
                  minimum: 5000
                """);
        Program program = parsed.program();

        CatalogueReward coffee = program.reward("coffee").orElseThrow();
        assertThat(coffee.kind()).isEqualTo(RewardKind.VOUCHER);
        assertThat(coffee.item()).isEqualTo("A small coffee");
        assertThat(coffee.stock()).isEqualTo(10);
        assertThat(coffee.codes()).isEqualTo(CodeSource.GENERATED);
        assertThat(coffee.eligibility().attributes()).isEqualTo(Map.of("region", "north"));
        CatalogueReward card = program.reward("card").orElseThrow();
        assertThat(card.value()).isEqualTo(new Money(new BigDecimal("20.00"), "USD"));
        assertThat(card.value().amount().toPlainString()).isEqualTo("20.00");
        assertThat(card.voucherValidDays()).isEqualTo(CatalogueReward.VOUCHER_VALID_DAYS_DEFAULT);
        assertThat(card.codes()).isEqualTo(CodeSource.POOL);
        assertThat(card.stock()).isNull();
        assertThat(program.reward("yen").orElseThrow().value().amount().toPlainString()).isEqualTo("500");
        CashOut cashOut = program.cashOut();
        assertThat(cashOut.schedule()).isEqualTo(CashOutSchedule.DATES);
        assertThat(cashOut.dates()).containsExactly(LocalDate.parse("2030-03-31"), LocalDate.parse("2030-09-30"));
        assertThat(cashOut.threshold()).isEqualTo(5000);
        assertThat(cashOut.name()).isEqualTo(CashOut.NAME_DEFAULT);
        assertThat(ProgramDocuments.fromStored(parsed.stored())).isEqualTo(program);
        assertThat(parse(BASE).program().rewards()).isEmpty();
        assertThat(parse(BASE).program().cashOut()).isNull();
    }

    @Test
    void the_latest_period_that_has_ended_is_the_last_day_before_today_of_the_schedule_on_or_after_starts_on() {
        CashOut quarters = parse(cashOut(CASH_OUT)).program().cashOut();
        CashOut months = parse(cashOut(CASH_OUT.replace("QUARTER_END", "MONTH_END"))).program().cashOut();
        CashOut dates = parse(cashOut(CASH_OUT.replace("QUARTER_END", "DATES") + "dates: [2030-02-14, 2030-05-01]\n")).program().cashOut();

        assertThat(quarters.lastEndedPeriod(LocalDate.parse("2030-04-01"))).contains(LocalDate.parse("2030-03-31"));
        assertThat(quarters.lastEndedPeriod(LocalDate.parse("2030-03-31"))).isEmpty();
        assertThat(quarters.lastEndedPeriod(LocalDate.parse("2030-12-31"))).contains(LocalDate.parse("2030-09-30"));
        assertThat(quarters.lastEndedPeriod(LocalDate.parse("2031-01-01"))).contains(LocalDate.parse("2030-12-31"));
        assertThat(months.lastEndedPeriod(LocalDate.parse("2030-03-01"))).contains(LocalDate.parse("2030-02-28"));
        assertThat(months.lastEndedPeriod(LocalDate.parse("2030-01-15"))).isEmpty();
        assertThat(dates.lastEndedPeriod(LocalDate.parse("2030-02-14"))).isEmpty();
        assertThat(dates.lastEndedPeriod(LocalDate.parse("2030-02-15"))).contains(LocalDate.parse("2030-02-14"));
        assertThat(dates.lastEndedPeriod(LocalDate.parse("2031-01-01"))).contains(LocalDate.parse("2030-05-01"));
    }

    @Test
    void two_rewards_with_the_same_id_are_refused() {
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: VOUCHER\nitem: Coffee\n") + """
                  - { id: coffee, name: Tea, cost: 5, pointDefinition: 1, kind: VOUCHER, item: Tea }
                """, "rewards[1].id", "'coffee' is used by another reward");
    }

    @Test
    void a_reward_is_paid_from_a_spendable_definition_laurel_masters() {
        assertOnlyError(reward("cost: 5\npointDefinition: 9\nkind: VOUCHER\nitem: Coffee\n"), "rewards[0].pointDefinition",
                "names no point definition", "(was 9)");
        assertOnlyError(reward("cost: 5\npointDefinition: 2\nkind: VOUCHER\nitem: Coffee\n"), "rewards[0].pointDefinition",
                "must be a SPENDABLE definition Laurel masters");
        assertOnlyError(reward("cost: 5\npointDefinition: 3\nkind: VOUCHER\nitem: Coffee\n"), "rewards[0].pointDefinition",
                "must be a SPENDABLE definition Laurel masters");
    }

    @Test
    void a_gift_card_is_worth_a_value_and_a_voucher_a_value_or_an_item() {
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: GIFT_CARD\n"), "rewards[0].value", "is required for a GIFT_CARD");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: GIFT_CARD\nitem: Tea\nvalue: { amount: 5, currency: USD }\n"),
                "rewards[0].item", "is not allowed on a GIFT_CARD");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: VOUCHER\n"), "rewards[0].value", "give either a value or an item");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: VOUCHER\nitem: Tea\nvalue: { amount: 5, currency: USD }\n"),
                "rewards[0].value", "give either a value or an item");
    }

    @Test
    void a_value_is_money_in_a_real_currency_at_its_scale() {
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: GIFT_CARD\nvalue: { amount: 5.001, currency: USD }\n"),
                "rewards[0].value.amount", "at most 2 decimals for USD");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: GIFT_CARD\nvalue: { amount: 5.5, currency: JPY }\n"),
                "rewards[0].value.amount", "at most 0 decimals for JPY");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: GIFT_CARD\nvalue: { amount: 5, currency: ABC }\n"),
                "rewards[0].value.currency", "is not an ISO 4217 currency code", "(was 'ABC')");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: GIFT_CARD\nvalue: { amount: 5, currency: usd }\n"),
                "rewards[0].value.currency", "must be an ISO 4217 currency code such as USD");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: GIFT_CARD\nvalue: { amount: 0, currency: USD }\n"),
                "rewards[0].value.amount", "must be greater than 0");
    }

    @Test
    void the_shape_of_a_reward_is_the_schemas() {
        assertOnlyError(reward("cost: 0\npointDefinition: 1\nkind: VOUCHER\nitem: Tea\n"), "rewards[0].cost", "must be between 1 and");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: COUPON\nitem: Tea\n"), "rewards[0].kind", "must be one of VOUCHER, GIFT_CARD");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: VOUCHER\nitem: Tea\ncodes: LIST\n"), "rewards[0].codes",
                "must be one of GENERATED, POOL");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: VOUCHER\nitem: Tea\nprice: 3\n"), "rewards[0].price", "unknown field");
        assertOnlyError(reward("pointDefinition: 1\nkind: VOUCHER\nitem: Tea\n"), "rewards[0].cost", "is required");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: VOUCHER\nitem: Tea\nstock: -1\n"), "rewards[0].stock", "between 0 and");
    }

    @Test
    void a_reward_window_ends_after_it_starts_and_its_eligibility_names_a_tier_level() {
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: VOUCHER\nitem: Tea\nstartsAt: 2030-02-01T00:00:00Z\n"
                + "endsAt: 2030-01-01T00:00:00Z\n"), "rewards[0].endsAt", "must be after startsAt");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: VOUCHER\nitem: Tea\nstartsAt: tomorrow\n"), "rewards[0].startsAt",
                "must be a date-time with an offset");
        assertOnlyError(reward("cost: 5\npointDefinition: 1\nkind: VOUCHER\nitem: Tea\neligibility: { minTierRank: 2 }\n"),
                "rewards[0].eligibility.minTierRank", "needs a tierSystem in this program");
    }

    @Test
    void cash_out_draws_from_a_spendable_definition_laurel_masters() {
        assertOnlyError(cashOut(CASH_OUT.replace("pointDefinition: 1", "pointDefinition: 2")), "cashOut.pointDefinition",
                "must be a SPENDABLE definition Laurel masters");
        assertOnlyError(cashOut(CASH_OUT.replace("pointDefinition: 1", "pointDefinition: 8")), "cashOut.pointDefinition",
                "names no point definition");
    }

    @Test
    void listed_dates_go_with_schedule_dates_and_only_with_it() {
        assertOnlyError(cashOut(CASH_OUT.replace("QUARTER_END", "DATES")), "cashOut.dates", "is required with schedule DATES");
        assertOnlyError(cashOut(CASH_OUT.replace("QUARTER_END", "DATES") + "dates: []\n"), "cashOut.dates", "at least one date");
        assertOnlyError(cashOut(CASH_OUT + "dates: [2030-03-31]\n"), "cashOut.dates", "is only for schedule DATES");
        assertOnlyError(cashOut(CASH_OUT.replace("QUARTER_END", "DATES") + "dates: [2030-02-30]\n"), "cashOut.dates[0]",
                "must be a date such as 2026-03-31", "(was '2030-02-30')");
        assertOnlyError(cashOut(CASH_OUT.replace("QUARTER_END", "DATES") + "dates: [31/03/2030]\n"), "cashOut.dates[0]",
                "must be a date such as 2026-03-31");
    }

    @Test
    void cash_out_needs_the_day_it_comes_into_force_a_step_and_its_value() {
        assertOnlyError(cashOut(CASH_OUT.replace("startsOn: 2030-01-01\n", "")), "cashOut.startsOn", "is required");
        assertOnlyError(cashOut(CASH_OUT.replace("startsOn: 2030-01-01", "startsOn: 2030-13-01")), "cashOut.startsOn",
                "must be a date such as 2026-03-31");
        assertOnlyError(cashOut(CASH_OUT.replace("step: 2000", "step: 0")), "cashOut.step", "must be between 1 and");
        assertOnlyError(cashOut(CASH_OUT.replace("currency: USD", "currency: ABC")), "cashOut.stepValue.currency",
                "is not an ISO 4217 currency code");
        assertOnlyError(cashOut(CASH_OUT + "every: MONTH\n"), "cashOut.every", "unknown field");
    }
}
