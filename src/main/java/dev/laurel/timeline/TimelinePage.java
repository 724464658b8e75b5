package dev.laurel.timeline;

import java.util.List;

/** Events newest first; {@code next} is the last one's position, or null on the last page. */
public record TimelinePage(List<TimelineEvent> events, TimelineEvent next) {}
