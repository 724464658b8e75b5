package dev.laurel.platform;

/** An outbound URL the allow-list policy does not let Laurel call. */
public final class OutboundRefused extends Exception {
    public OutboundRefused(String message) {
        super(message);
    }
}
