package dev.laurel.timeline;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.Problem;
import java.util.List;

public final class UnknownView extends Problem {
    public UnknownView(String view, List<String> known) {
        super(400, "unknown-view", "Unknown timeline view", "view: the program has no timeline view '" + view + "'.",
                List.of(new FieldError("view", "must be one of the program's timelineViews " + known + " (was '" + view + "')")));
    }
}
