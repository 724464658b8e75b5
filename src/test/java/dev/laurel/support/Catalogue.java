package dev.laurel.support;

import dev.laurel.programs.Programs;
import java.util.Map;

/**
 * The ACME sample program with a rewards catalogue and, for the cash-out tests, cash-out periods: the sample itself
 * stays as the seed's (it has neither), so tests append these sections to it. {@link #program} makes one.
 */
public final class Catalogue {

    /** Five rewards on ACME's spendable definition 1: generated codes, a value or an item, a stock, a limit, eligibility, a window, a pool. */
    public static final String REWARDS = """
            rewards:
              - id: free-coffee
                name: Free coffee
                description: A small coffee of your choice.
                imageUrl: https://example.com/coffee.png
                cost: 500
                pointDefinition: 1
                kind: VOUCHER
                item: A small coffee
                stock: 100
                perMemberLimit: 2
                voucherValidDays: 30
              - id: five-off
                name: 5.00 USD off
                cost: 1000
                pointDefinition: 1
                kind: VOUCHER
                value: { amount: 5.00, currency: USD }
              - id: gold-lounge
                name: Gold lounge pass
                cost: 100
                pointDefinition: 1
                kind: VOUCHER
                item: One lounge visit
                eligibility: { minTierRank: 3 }
              - id: summer-sale
                name: Summer sale voucher
                cost: 100
                pointDefinition: 1
                kind: VOUCHER
                value: { amount: 2.50, currency: USD }
                startsAt: 2030-06-01T00:00:00-04:00
                endsAt: 2030-09-01T00:00:00-04:00
              - id: partner-gift-card
                name: Partner gift card
                cost: 2000
                pointDefinition: 1
                kind: GIFT_CARD
                value: { amount: 20.00, currency: USD }
                codes: POOL
                stock: 1000
            """;

    /** ACME's cash-out as the seed tells it: every 2,000 points become a 20.00 USD gift card, at each quarter's end. */
    public static final String CASH_OUT = """
            cashOut:
              pointDefinition: 1
              schedule: QUARTER_END
              startsOn: 2030-01-01
              step: 2000
              stepValue: { amount: 20.00, currency: USD }
              name: ACME gift card
            """;

    private Catalogue() {}

    /** A fresh ACME program (as {@link TestProgram} makes them) with {@code sections} appended to the sample. */
    public static TestProgram program(Programs programs, String sections) {
        return TestProgram.create(programs, TestProgram.ACME, Map.of(), yaml -> yaml + sections);
    }
}
