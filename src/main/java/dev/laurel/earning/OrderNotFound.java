package dev.laurel.earning;

import dev.laurel.platform.Problem;

public final class OrderNotFound extends Problem {
    public OrderNotFound(String orderId) {
        super(404, "order-not-found", "Order not found", "No purchase with orderId '" + orderId + "' for this member.");
    }
}
