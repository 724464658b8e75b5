package dev.laurel.sync;

import dev.laurel.platform.Problem;

/** Engage's "Too many items": a sync request longer than its limit. Nothing was stored. */
public final class TooManyItems extends Problem {
    public TooManyItems(int limit, int sent) {
        super(400, "too-many-items", "Too many items", "Too many items: at most " + limit + " per request, " + sent + " were sent.");
    }
}
