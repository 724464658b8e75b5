package dev.laurel.webhooks;

import dev.laurel.platform.Problem;

public final class WebhookEventNotFound extends Problem {
    public WebhookEventNotFound(String id) {
        super(404, "webhook-event-not-found", "Webhook event not found", "No webhook event '" + id + "' in this program.");
    }
}
