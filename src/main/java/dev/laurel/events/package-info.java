/**
 * Events for subscribers: what happened in a program (a member created, points earned, a tier changed, a voucher
 * redeemed...), recorded in the transaction of the change for the program's {@code webhooks.subscriptions}, delivered
 * through the webhooks outbox and listed for catching up.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"campaigns", "ledger", "members", "platform", "programs", "redemption", "tiers", "timeline",
        "webhooks"})
package dev.laurel.events;

import org.springframework.modulith.ApplicationModule;
