package dev.laurel.events;

import java.util.Arrays;
import java.util.Optional;

/** The types of events a subscription may take, by their wire names (as the program schema lists them). */
public enum EventType {
    MEMBER_CREATED("member.created"),
    POINTS_EARNED("points.earned"),
    POINTS_SPENT("points.spent"),
    POINTS_EXPIRED("points.expired"),
    POINTS_REVERSED("points.reversed"),
    TIER_CHANGED("tier.changed"),
    CAMPAIGN_COMPLETED("campaign.completed"),
    VOUCHER_ISSUED("voucher.issued"),
    VOUCHER_REDEEMED("voucher.redeemed"),
    VOUCHER_CANCELLED("voucher.cancelled"),
    VOUCHER_EXPIRED("voucher.expired"),
    HOLD_PLACED("hold.placed"),
    HOLD_CAPTURED("hold.captured"),
    HOLD_VOIDED("hold.voided"),
    POINTS_CASHED_OUT("points.cashed_out");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<EventType> fromWire(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
    }
}
