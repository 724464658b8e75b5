package dev.laurel.programs.internal;

import dev.laurel.programs.Program.TimelineView;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code timelineViews} section: names unique, the window a positive ISO-8601 duration. */
final class TimelineViewsReader {

    private TimelineViewsReader() {}

    static List<TimelineView> read(Fields program) {
        List<TimelineView> views = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Fields view : program.objects("timelineViews")) {
            String name = view.text("name");
            if (name != null && !names.add(name)) {
                view.error("name", "'" + name + "' is used by another view");
            }
            views.add(new TimelineView(name, view.texts("eventTypes"), view.texts("fields"), window(view)));
        }
        return views;
    }

    private static Duration window(Fields view) {
        String text = view.text("window");
        if (text == null) {
            return null;
        }
        try {
            Duration window = Duration.parse(text);
            if (!window.isNegative() && !window.isZero()) {
                return window;
            }
        } catch (DateTimeParseException notADuration) {
            // said below, as for a duration that is not positive
        }
        view.error("window", "must be a positive ISO-8601 duration such as P90D (was '" + text + "')");
        return null;
    }
}
