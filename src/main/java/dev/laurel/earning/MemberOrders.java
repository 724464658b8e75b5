package dev.laurel.earning;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A member's purchases as the console card shows them: the newest orders with the points each earned and what returns
 * took back, the lifetime spend net of returns (one sum per currency, as money of two currencies does not add up) and the
 * last purchase's time (null when none).
 */
public record MemberOrders(List<Order> orders, List<Spend> lifetimeSpend, Instant lastPurchaseAt) {

    public MemberOrders {
        orders = List.copyOf(orders);
        lifetimeSpend = List.copyOf(lifetimeSpend);
    }

    /** One order: when it was bought, its amount and what came back of it, the points it earned and those taken back. */
    public record Order(String orderId, Instant occurredAt, BigDecimal amount, BigDecimal returnedAmount, String currency,
            long pointsEarned, long pointsTakenBack, Instant lastReturnedAt) {

        public boolean returned() {
            return returnedAmount.signum() > 0;
        }
    }

    /** What the member spent in one currency, net of returns. */
    public record Spend(String currency, BigDecimal amount) {}
}
