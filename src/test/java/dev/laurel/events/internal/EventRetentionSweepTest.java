package dev.laurel.events.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code LAUREL_EVENTS_RETENTION} is bounded: less than a day or more than ten years refuses to start, saying so. */
class EventRetentionSweepTest {

    @Test
    void the_retention_is_from_one_day_to_ten_years() {
        Clock clock = Clock.systemUTC();
        assertThatThrownBy(() -> new EventRetentionSweep(null, null, clock, Duration.ofHours(23)))
                .hasMessage("LAUREL_EVENTS_RETENTION must be from 1d to 3650d, was 0d (PT23H)");
        assertThatThrownBy(() -> new EventRetentionSweep(null, null, clock, Duration.ofDays(3651)))
                .hasMessageContaining("was 3651d");
        assertThatCode(() -> new EventRetentionSweep(null, null, clock, Duration.ofDays(1))).doesNotThrowAnyException();
        assertThatCode(() -> new EventRetentionSweep(null, null, clock, Duration.ofDays(3650))).doesNotThrowAnyException();
    }
}
